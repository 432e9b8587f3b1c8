/** The hand-off skill: escalation policies, agent assignment, and the hand-off queue's storage. */
export { createHandoffSkill, handoffEngineOptions } from './skill.ts';
export { parseHandoffSettings, type Agent, type HandoffSettings } from './settings.ts';
export { HANDOFF_BUTTON, HANDOFF_INTENT } from './policies.ts';
