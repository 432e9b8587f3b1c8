/**
 * The tenant's escalation policies, checked on every bot turn before flows and the router, in this order:
 * a keyword, an explicit request, the message limit, and repeated misunderstanding.
 */
import type { JsonValue } from '../../core/json.ts';
import { yesOrNo } from '../../dialogue/answers.ts';
import type { EscalationPolicy } from '../../dialogue/escalation.ts';
import { normalizeText } from '../../nlu/normalize-text.ts';
import type { TurnContext } from '../skill.ts';
import type { HandoffSettings } from './settings.ts';

/** The intent of "quiero hablar con una persona". */
export const HANDOFF_INTENT = 'hablar_con_humano';
/** The id of the "Hablar con una persona" button (offered when a flow gives up). */
export const HANDOFF_BUTTON = 'handoff';

function record(value: JsonValue | undefined): Record<string, JsonValue> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}

function counter(context: TurnContext, name: 'turns' | 'fallbacks'): number {
  const value = record(context.state.counters)?.[name];
  return typeof value === 'number' ? value : 0;
}

/**
 * "quiero hablar con una persona", the "Hablar con una persona" button, or a yes to the person a flow
 * offered when it gave up. An offer not taken up is forgotten: it was for the next message only.
 */
export const explicitRequestPolicy: EscalationPolicy = {
  name: 'explicit_request',
  check(context) {
    const offer = record(context.state.escalationRequest);
    if (offer) delete context.state.escalationRequest;
    const tookOffer = context.buttonId === HANDOFF_BUTTON || yesOrNo(context.text) === 'yes';
    if (offer && tookOffer && typeof offer.reason === 'string') return offer.reason;
    if (context.understanding.intent.name === HANDOFF_INTENT || context.buttonId === HANDOFF_BUTTON)
      return 'asked_for_human';
    return null;
  },
};

/** A message holding one of the tenant's keywords ("urgente", "queja"), as whole words, accents aside. */
export function keywordPolicy(keywords: readonly string[]): EscalationPolicy {
  const phrases = keywords.map(normalizeText).filter((phrase) => phrase !== '');
  return {
    name: 'keyword',
    check(context) {
      const text = ` ${normalizeText(context.text)} `;
      return phrases.some((phrase) => text.includes(` ${phrase} `)) ? 'keyword' : null;
    },
  };
}

/** The bot has answered `limit` turns of this conversation: the next one goes to a person. */
export function messageLimitPolicy(limit: number): EscalationPolicy {
  return {
    name: 'message_limit',
    check: (context) => (counter(context, 'turns') >= limit ? 'message_limit' : null),
  };
}

/**
 * The `turns`-th message in a row the bot does not understand (no intent above the threshold, no button,
 * no flow waiting for an answer) goes to a person instead of another clarifying question.
 */
export function lowConfidencePolicy(turns: number): EscalationPolicy {
  return {
    name: 'low_confidence',
    check(context) {
      const understood = context.understanding.intent.name !== null || context.buttonId !== null;
      if (understood || record(context.state.flow)) return null;
      return counter(context, 'fallbacks') >= turns - 1 ? 'low_confidence' : null;
    },
  };
}

export function createHandoffPolicies(settings: HandoffSettings): EscalationPolicy[] {
  return [
    ...(settings.keywords.length > 0 ? [keywordPolicy(settings.keywords)] : []),
    explicitRequestPolicy,
    ...(settings.messageLimit === undefined ? [] : [messageLimitPolicy(settings.messageLimit)]),
    lowConfidencePolicy(settings.lowConfidenceTurns),
  ];
}
