import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { testTenant } from '../../../test/support/test-config.ts';
import { startIspBackend, type IspBackend } from '../../../examples/isp-backend/server.ts';
import { createTemplateRenderer } from '../../dialogue/templates.ts';
import { createDatabase, type OrquestaDatabase } from '../../storage/database.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { ToolContext } from '../tool.ts';
import { ispExampleFromDocs, type IspExample } from './__fixtures__/isp-actions.ts';
import { httpActionsTemplates } from './templates.ts';
import { createHttpActionTools, type ActionTurn, type HttpActionTool } from './tools.ts';

const TOKEN = 'backend-token-for-tools-0123';
const turn: ActionTurn = {
  conversationId: 'conv_1',
  turnKey: 'msg_1',
  contact: { phone: '573001234567', name: 'Ana Gómez' },
};

describe('http action tools', () => {
  let backend: IspBackend;
  let example: IspExample;
  let tenant: TenantConfig;
  let database: TestDatabase;
  let storage: OrquestaDatabase;
  let context: ToolContext;
  let report: HttpActionTool;
  let lookUp: HttpActionTool;

  beforeAll(async () => {
    backend = await startIspBackend({ port: 0, token: TOKEN });
    example = ispExampleFromDocs({ ISP_BACKEND_URL: backend.url, ISP_BACKEND_TOKEN: TOKEN });
    tenant = testTenant({ id: 'isp', name: 'RedNova', templates: example.tenant.templates });
    database = await createTestDatabase('sqlite');
    storage = createDatabase(database.url);
    context = { tenant, contactId: 'ct_1', now: new Date('2026-11-23T14:00:00.000Z'), db: storage.db };
    const tools = createHttpActionTools([example.reportFault, example.lookUpTicket], turn);
    expect(tools).toHaveLength(2);
    [report, lookUp] = tools as [HttpActionTool, HttpActionTool];
  });
  afterAll(async () => {
    await backend.close();
    await storage.close();
    await database.drop();
  });

  /** The reply a skill would send for an outcome, with the tenant's templates. */
  function replyOf(
    outcome: { reply: string; variables: Record<string, string | number> },
    locale: 'es' | 'en' = 'es',
  ) {
    return createTemplateRenderer(tenant, [{ templates: httpActionsTemplates }])(
      locale,
      outcome.reply,
      outcome.variables,
    );
  }

  it('makes one tool per action, named and described as declared, taking the declared slots', () => {
    expect([report.name, lookUp.name]).toEqual(['reportar_falla', 'consultar_ticket']);
    expect(report.description).toBe(example.reportFault.description);
    expect(report.input.safeParse({ kind: 'lento', description: 'va lento' }).success).toBe(true);
    expect(report.input.safeParse({ kind: 'lento' }).success).toBe(false);
    expect(report.input.safeParse({ kind: 'lento', description: 'x', extra: 1 }).success).toBe(false);
    expect(lookUp.input.safeParse({ ticket: 'TK-10001' }).success).toBe(true);
    expect(lookUp.input.safeParse({ ticket: 'mi ticket' }).success).toBe(false);
  });

  it('opens a ticket and gives the success reply with the ticket number, in Spanish and English', async () => {
    const outcome = await report.execute({ kind: 'sin_servicio', description: 'no tengo internet' }, context);
    expect(outcome).toEqual({
      ok: true,
      status: 201,
      reply: 'isp.ticket_created',
      variables: {
        kind: 'sin_servicio',
        description: 'no tengo internet',
        ticket: 'TK-10001',
        status: 'abierto',
      },
    });
    expect(replyOf(outcome)).toBe(
      'Listo, registré tu reporte con el número TK-10001. Un técnico de RedNova te contactará pronto; si quieres saber cómo va, pregúntame por ese número.',
    );
    expect(replyOf(outcome, 'en')).toMatch(/^Done, I registered your report as TK-10001\./);

    const status = await lookUp.execute({ ticket: 'tk10001' }, context);
    expect(replyOf(status)).toBe('Tu reporte TK-10001 está abierto.');
  });

  it('answers an unknown ticket with the reply declared for 404, naming the number the customer gave', async () => {
    const outcome = await lookUp.execute({ ticket: '99999' }, context);
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'http_status',
      status: 404,
      reply: 'isp.ticket_not_found',
    });
    expect(replyOf(outcome)).toBe('No encontré el reporte 99999. Revisa el número; se ve así: TK-10001.');
  });

  it('answers with the error reply, not an exception, when the input does not fit or the API is down', async () => {
    const invalid = await report.execute({ kind: 'sin_luz', description: 'x' }, context);
    expect(invalid).toMatchObject({
      ok: false,
      kind: 'invalid_input',
      status: null,
      reply: 'isp.ticket_failed',
      variables: {},
    });

    const down = await startIspBackend({ port: 0, token: TOKEN });
    await down.close();
    const unreachable = ispExampleFromDocs({ ISP_BACKEND_URL: down.url, ISP_BACKEND_TOKEN: TOKEN });
    const [tool] = createHttpActionTools([{ ...unreachable.lookUpTicket, retries: 0 }], turn);
    const outcome = await tool!.execute({ ticket: 'TK-10001' }, context);
    expect(outcome).toMatchObject({ ok: false, kind: 'network', reply: 'isp.ticket_failed' });
    expect(replyOf(outcome)).toMatch(
      /^Lo siento, en este momento no pude consultar nuestro sistema de reportes\./,
    );
  });

  it('falls back to the skill’s own error reply when the action declares none', async () => {
    const [tool] = createHttpActionTools(
      [
        {
          ...example.lookUpTicket,
          url: `${backend.url}/nowhere/{{slots.ticket}}`,
          reply: { success: 'isp.ticket_status', error: 'http-actions.failed', byStatus: {} },
        },
      ],
      turn,
    );
    const outcome = await tool!.execute({ ticket: 'TK-10001' }, context);
    expect(outcome).toMatchObject({ ok: false, status: 404, reply: 'http-actions.failed' });
    expect(replyOf(outcome)).toBe(
      'Lo siento, en este momento no pude completar tu solicitud. Por favor intenta de nuevo en unos minutos.',
    );
  });

  it('has every default template in both Spanish and English', () => {
    expect(Object.keys(httpActionsTemplates.en).sort()).toEqual(Object.keys(httpActionsTemplates.es).sort());
  });
});
