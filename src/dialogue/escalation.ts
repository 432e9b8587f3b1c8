/**
 * The escalation-policy step: after the hand-off gate and before any flow, each policy may decide that
 * the turn goes to a person (an explicit request, keywords, repeated misunderstanding, a message limit).
 * The policies and what escalating does are supplied by the hand-off work; with none, the step passes.
 */
import type { TurnContext } from '../skills/skill.ts';
import type { Step } from './compose-steps.ts';

export interface Escalation {
  /** The policy that decided. */
  policy: string;
  /** Why, in a word or two (`asked_for_human`, `invalid_answers`); recorded in the state. */
  reason: string;
}

export interface EscalationPolicy {
  name: string;
  /**
   * The reason to hand this turn to a person, or null. May read the turn (text, intent, `buttonId`) and
   * its state: `state.counters` (`turns`, `fallbacks` in a row) and `state.escalationRequest` (set when a
   * flow gave up after repeated invalid answers and offered a person).
   */
  check(context: TurnContext): string | null | Promise<string | null>;
}

/** What escalating does to the turn. */
export type Escalate = (context: TurnContext, escalation: Escalation) => Promise<void>;

/**
 * The default: the turn is marked as handed off, `state.escalation` records who decided and why, and the
 * customer is told a person will answer.
 */
export const markHandoff: Escalate = async (context, escalation) => {
  context.handoff = true;
  context.state.escalation = { ...escalation, at: context.now.toISOString() };
  delete context.state.escalationRequest;
  context.say('dialogue.escalated');
};

/**
 * For a skill that decides, while answering, that a person must take over (a service the bot may not
 * book): the escalation step escalates at the end of this turn, after the skill's own replies.
 */
export function requestHandoff(context: TurnContext, reason: string): void {
  context.state.escalationRequest = { reason, immediate: true };
}

function immediateRequest(context: TurnContext): string | null {
  const request = context.state.escalationRequest;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return null;
  return request.immediate === true && typeof request.reason === 'string' ? request.reason : null;
}

export function createEscalationStep(
  policies: readonly EscalationPolicy[],
  escalate: Escalate = markHandoff,
): Step<TurnContext> {
  return async (context, next) => {
    for (const policy of policies) {
      const reason = await policy.check(context);
      if (reason !== null) return escalate(context, { policy: policy.name, reason });
    }
    await next();
    const requested = immediateRequest(context);
    if (requested !== null) await escalate(context, { policy: 'skill', reason: requested });
  };
}
