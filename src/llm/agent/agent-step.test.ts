import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { DEMO_CONFIG } from '../../../test/support/test-config.ts';
import { createTenantSkills } from '../../skills/index.ts';
import type { Skill, TurnContext } from '../../skills/skill.ts';
import { testTurnContext } from '../../skills/test-turn-context.ts';
import { createDatabase, type OrquestaDatabase } from '../../storage/database.ts';
import { loadConfig } from '../../tenancy/load-config.ts';
import { agentTools } from './agent-step.ts';

const demo = loadConfig(DEMO_CONFIG, { ...process.env, ORQUESTA_DEBOUNCE_MS: '0' });

describe("the agent's tools", () => {
  let testDatabase: TestDatabase;
  let database: OrquestaDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase('sqlite');
    database = createDatabase(testDatabase.url);
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  function demoTenant(id: string): { skills: Skill[]; context: TurnContext } {
    const tenant = demo.config.tenants.find((candidate) => candidate.id === id)!;
    const skills = createTenantSkills(tenant, { db: database.db, baseDir: demo.baseDir });
    const context = testTurnContext(tenant, {
      conversation: { id: 'cv_1', status: 'bot' },
      contact: { id: 'ct_1', name: 'Ana', externalId: '573001112233' },
      text: '¿qué tienen?',
      locale: 'es',
      understanding: {
        text: '¿qué tienen?',
        intent: { name: null, confidence: 0.1 },
        intent_ranking: [],
        entities: [],
      },
    });
    return { skills, context };
  }

  it("are the enabled skills' tools that only read: nothing books, cancels or orders", () => {
    const { skills, context } = demoTenant('clinica');
    const all = skills.flatMap((skill) => (typeof skill.tools === 'function' ? [] : (skill.tools ?? [])));
    expect(all.filter((tool) => tool.mutates).map((tool) => tool.name)).toEqual([
      'book_appointment',
      'confirm_appointment',
      'cancel_appointment',
      'reschedule_appointment',
      'create_order',
    ]);
    expect(agentTools(skills, context).map((tool) => tool.name)).toEqual([
      'search_knowledge',
      'find_free_slots',
      'list_my_appointments',
      'list_prices',
      'purchase_history',
    ]);
  });

  it("include the business's API calls that read (GET), bound to the turn, and not those that write", () => {
    const { skills, context } = demoTenant('isp');
    const actions = skills.find((skill) => skill.name === 'http-actions')!;
    expect(typeof actions.tools).toBe('function');
    expect(agentTools(skills, context).map((tool) => tool.name)).toEqual([
      'consultar_ticket',
      'listar_tickets',
      'search_knowledge',
    ]);
  });
});
