/** A turn's context built by hand, for unit tests of what reads one: every field the engine sets, overridable. */
import type { TenantConfig } from '../tenancy/config-schema.ts';
import type { TurnContext } from './skill.ts';

export function testTurnContext(tenant: TenantConfig, overrides: Partial<TurnContext> = {}): TurnContext {
  const text = overrides.text ?? 'texto';
  return {
    tenant,
    conversation: { id: 'conv_1', status: 'bot' },
    contact: { id: 'ct_1', name: null, externalId: '573001234567' },
    text,
    buttonId: null,
    now: new Date('2026-11-23T14:00:00.000Z'),
    turnKey: 'msg_1',
    locale: tenant.locale,
    understanding: { text, intent: { name: null, confidence: 0 }, intent_ranking: [], entities: [] },
    state: {},
    replies: [],
    skill: null,
    handoff: false,
    outcome: 'answered',
    effects: [],
    llmUsage: [],
    toolCalls: [],
    say: () => undefined,
    render: (key) => key,
    ...overrides,
  };
}
