/**
 * The ISP's tickets over the admin API: they live in RedNova's own backend (running on a free port), and
 * `GET /api/v1/tenants/isp/tickets?contactId=` reads them through the tenant's `listar_tickets` action,
 * over the real app and a real database with the demo configuration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIspBackend, type IspBackend } from '../examples/isp-backend/server.ts';
import { loadConfig, type LoadedConfig } from '../src/tenancy/load-config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createOrquesta } from '../src/orquesta.ts';
import { createApp } from '../src/server/app.ts';
import { createTestDatabase, DIALECTS } from './support/databases.ts';
import { DEMO_CONFIG } from './support/test-config.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.ts';

const BACKEND_TOKEN = 'isp-tickets-api-token-7d2e';
const NOW = '2026-11-23T09:00:00-05:00';

function demoConfig(backendUrl: string): LoadedConfig {
  return loadConfig(DEMO_CONFIG, {
    ...process.env,
    ISP_BACKEND_URL: backendUrl,
    ISP_BACKEND_TOKEN: BACKEND_TOKEN,
    ORQUESTA_DEBOUNCE_MS: '0',
  });
}

describe.each(DIALECTS)('the isp tickets collection on %s', (dialect) => {
  let backend: IspBackend;
  let backendOpen = false;
  let server: TestServer | undefined;

  beforeEach(async () => {
    backend = await startIspBackend({ token: BACKEND_TOKEN });
    backendOpen = true;
    server = await startTestServer({ dialect, config: demoConfig(backend.url) });
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (backendOpen) await backend.close();
  });

  async function say(from: string, text: string): Promise<{ contactId: string; replies: string }> {
    const turn = await server!.turn('isp', { from, text, now: NOW });
    return {
      contactId: turn.contactId,
      replies: turn.replies.map((reply: { text: string }) => reply.text).join('\n'),
    };
  }

  const ticketsOf = (contactId: string) =>
    server!.request('GET', `/api/v1/tenants/isp/tickets?contactId=${encodeURIComponent(contactId)}`);

  it("lists the fault a customer reported in a conversation, and only that customer's", async () => {
    const phone = '573102000001';
    await say(phone, 'no tengo internet');
    await say(phone, 'desde ayer no carga nada y el modem tiene la luz roja');
    const done = await say(phone, 'si');
    expect(done.replies).toContain('registré tu reporte con el número TK-10001');

    const other = await say('573102000002', 'hola');
    await say('573102000002', 'el internet está muy lento');
    await say('573102000002', 'va lentisimo desde esta mañana');
    await say('573102000002', 'si');

    const response = await ticketsOf(done.contactId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      tickets: [
        expect.objectContaining({
          id: 'TK-10001',
          contactId: done.contactId,
          phone,
          kind: 'sin_servicio',
          description: 'desde ayer no carga nada y el modem tiene la luz roja',
          status: 'abierto',
        }),
      ],
    });

    const theirs = await ticketsOf(other.contactId);
    expect(theirs.json()).toEqual({
      tickets: [expect.objectContaining({ id: 'TK-10002', kind: 'lento', contactId: other.contactId })],
    });
  });

  it('lists nothing for a customer without tickets', async () => {
    const { contactId } = await say('573102000003', 'hola');
    const response = await ticketsOf(contactId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ tickets: [] });
  });

  it('answers 404 for a contact that does not exist, and for a tenant without tickets', async () => {
    const unknown = await ticketsOf('ct_nobody');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('contact "ct_nobody" does not exist in tenant "isp"');

    const { contactId } = await say('573102000004', 'hola');
    const clinica = await server!.request('GET', `/api/v1/tenants/clinica/tickets?contactId=${contactId}`);
    expect(clinica.statusCode).toBe(404);
    expect(clinica.json().error.message).toContain('tenant "clinica" has no collection "tickets"');
  });

  it('answers 400 without contactId, and 401 without the token', async () => {
    const missing = await server!.request('GET', '/api/v1/tenants/isp/tickets');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('contactId');

    const anonymous = await server!.app.inject({
      method: 'GET',
      url: '/api/v1/tenants/isp/tickets?contactId=x',
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 502 naming the action and host only when the backend is down', async () => {
    const { contactId } = await say('573102000005', 'hola');
    await backend.close();
    backendOpen = false;

    const response = await ticketsOf(contactId);
    expect(response.statusCode).toBe(502);
    const { error } = response.json();
    expect(error.code).toBe('bad_gateway');
    expect(error.message).toContain('tenant "isp": the tickets could not be read');
    expect(error.message).toContain('action "listar_tickets" (GET 127.0.0.1:');
    expect(error.message).toContain('could not reach the server');
    expect(error.message).not.toContain('573102000005');
    expect(error.message).not.toContain(BACKEND_TOKEN);
  });
});

describe('a collection named like a route of Orquesta', () => {
  it('stops the start with a clear message', async () => {
    const config = demoConfig('http://127.0.0.1:4010');
    const isp = config.config.tenants.find((tenant) => tenant.id === 'isp')!;
    const settings = isp.skillSettings['http-actions'] as { collections: Record<string, unknown> };
    settings.collections = { orders: { action: 'listar_tickets', items: 'tickets' } };

    const database = await createTestDatabase('sqlite');
    const orquesta = await createOrquesta({
      config,
      databaseUrl: database.url,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      await expect(createApp(orquesta, { adminToken: ADMIN_TOKEN })).rejects.toThrow(
        'skillSettings.http-actions.collections.orders: GET /api/v1/tenants/:tenant/orders is already a route of Orquesta — give the collection another name',
      );
    } finally {
      await orquesta.stop();
      await database.drop();
    }
  });
});
