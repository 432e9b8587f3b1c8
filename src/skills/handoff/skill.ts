import { requestHandoff } from '../../dialogue/escalation.ts';
import type { TurnEngineOptions } from '../../dialogue/turn-engine.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Skill, SkillDependencies } from '../skill.ts';
import { createHandoffEscalate } from './escalate.ts';
import { createHandoffPolicies, HANDOFF_INTENT } from './policies.ts';
import { parseHandoffSettings } from './settings.ts';
import { handoffTemplates } from './templates.ts';

const engineOptions = new WeakMap<Skill, TurnEngineOptions>();

/**
 * Hands conversations to the tenant's people (`hablar_con_humano`, keywords, repeated misunderstanding,
 * a message limit, a skill's request). Its policies and `escalate` go to the turn engine through
 * `handoffEngineOptions`; its own `handle` only serves an explicit request that reached the router.
 */
export function createHandoffSkill(tenant: TenantConfig, dependencies: SkillDependencies): Skill {
  const settings = parseHandoffSettings(tenant);
  const skill: Skill = {
    name: 'handoff',
    intents: [HANDOFF_INTENT],
    templates: handoffTemplates,
    mainOptions: [{ intent: HANDOFF_INTENT, title: 'handoff.option_human' }],
    async handle(context) {
      requestHandoff(context, 'asked_for_human');
    },
  };
  engineOptions.set(skill, {
    escalationPolicies: createHandoffPolicies(settings),
    escalate: createHandoffEscalate(settings, dependencies.db),
  });
  return skill;
}

/** The turn engine's `{ escalationPolicies, escalate }` when the tenant enabled `handoff`; `{}` otherwise. */
export function handoffEngineOptions(skills: readonly Skill[]): TurnEngineOptions {
  for (const skill of skills) {
    const options = engineOptions.get(skill);
    if (options) return options;
  }
  return {};
}
