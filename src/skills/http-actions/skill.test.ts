import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/databases.ts';
import { testTenant } from '../../../test/support/test-config.ts';
import { createDatabase } from '../../storage/database.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { SkillDependencies } from '../skill.ts';
import { ispExampleFromDocs } from './__fixtures__/isp-actions.ts';
import { findPattern, inputFromSlots, keywordValue, slotDisplay, valueTitle } from './action-flow.ts';
import { createHttpActionsSkill } from './skill.ts';

const example = ispExampleFromDocs({});

function ispTenant(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return testTenant({
    id: 'isp',
    name: 'RedNova',
    skills: ['http-actions'],
    skillSettings: example.tenant.skillSettings,
    templates: example.tenant.templates,
    ...overrides,
  });
}

async function dependencies(): Promise<SkillDependencies & { close(): Promise<void> }> {
  const database = await createTestDatabase('sqlite');
  const storage = createDatabase(database.url);
  return {
    db: storage.db,
    baseDir: '.',
    close: async () => {
      await storage.close();
      await database.drop();
    },
  };
}

describe('the http-actions skill', () => {
  it('turns each action with an intent into a flow that the intent starts', async () => {
    const deps = await dependencies();
    const skill = createHttpActionsSkill(ispTenant(), deps);
    expect(skill.intents).toEqual(['reportar_falla', 'consultar_ticket']);
    expect(skill.flows?.map((flow) => [flow.name, flow.intents, flow.confirm])).toEqual([
      ['reportar_falla', ['reportar_falla'], 'isp.confirm_report'],
      ['consultar_ticket', ['consultar_ticket'], undefined],
    ]);
    expect(skill.flows?.[0]?.slots.map((slot) => [slot.name, slot.type, slot.prompt])).toEqual([
      ['kind', 'choice', 'isp.ask_kind'],
      ['description', 'text', 'isp.ask_description'],
    ]);
    expect(skill.flows?.[1]?.slots.map((slot) => [slot.name, slot.type])).toEqual([['ticket', 'lookup']]);
    expect(skill.mainOptions).toEqual([
      { intent: 'reportar_falla', title: 'isp.option_report' },
      { intent: 'consultar_ticket', title: 'isp.option_ticket' },
    ]);
    await deps.close();
  });

  it('refuses a tenant without settings, naming where they go', async () => {
    const deps = await dependencies();
    expect(() => createHttpActionsSkill(ispTenant({ skillSettings: {} }), deps)).toThrow(
      'tenant "isp": skillSettings.http-actions: missing — declare the business\'s API calls under skillSettings.http-actions.actions',
    );
    await deps.close();
  });

  it('refuses a template that does not exist or asks for a variable it will not get', async () => {
    const deps = await dependencies();
    const templates = {
      es: { ...example.tenant.templates.es, 'isp.ticket_status': 'Tu reporte {ticket} está {estado}.' },
    };
    delete (templates.es as Record<string, string>)['isp.ask_kind'];
    const attempt = () => createHttpActionsSkill(ispTenant({ templates }), deps);
    expect(attempt).toThrow(
      'tenant "isp": skillSettings.http-actions.actions[0].slots.kind.prompt: no template "isp.ask_kind" — define it under templates: es: in orquesta.yaml',
    );
    expect(attempt).toThrow(
      'tenant "isp": skillSettings.http-actions.actions[1].reply.success: template "isp.ticket_status" (es) uses {estado}, which it does not get — use one of: {ticket}, {status}',
    );
    await deps.close();
  });

  it('refuses two actions led by one intent', async () => {
    const deps = await dependencies();
    const settings = example.tenant.skillSettings['http-actions'] as { actions: { intent?: string }[] };
    const actions = structuredClone(settings.actions);
    actions[1]!.intent = 'reportar_falla';
    expect(() =>
      createHttpActionsSkill(ispTenant({ skillSettings: { 'http-actions': { actions } } }), deps),
    ).toThrow('actions[1].intent: "reportar_falla" already leads to action "reportar_falla"');
    await deps.close();
  });

  it('reads slot values from the customer’s words', () => {
    const kind = example.reportFault.slots.kind!;
    const ticket = example.lookUpTicket.slots.ticket!;
    expect(valueTitle('sin_servicio')).toBe('Sin servicio');
    expect(keywordValue(kind, 'el internet está muy lento')).toBe('lento');
    expect(keywordValue(kind, 'Se me fue el internet!!')).toBe('sin_servicio');
    expect(keywordValue(kind, 'está lento y se cae a cada rato')).toBeUndefined();
    expect(keywordValue(kind, 'quiero reportar una falla')).toBeUndefined();
    expect(findPattern(ticket, 'estado del ticket TK-10001 porfa')).toBe('TK-10001');
    expect(findPattern(ticket, 'mi cedula es 1020304050607')).toBeUndefined();
    expect(findPattern(ticket, 'el de ayer')).toBeUndefined();
    expect(inputFromSlots(example.lookUpTicket, { ticket: 'es el tk10002' })).toEqual({ ticket: 'tk10002' });
    expect(slotDisplay(example.reportFault, { kind: 'sin_servicio', description: 'nada carga' })).toEqual({
      kind: 'Sin servicio',
      description: 'nada carga',
    });
  });
});
