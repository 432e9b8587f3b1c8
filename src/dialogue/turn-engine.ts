import type { Button, ConversationStatus } from '../core/messages.ts';
import type { LlmClient } from '../llm/llm.ts';
import type { ParseResult, Understander } from '../nlu/parse-result.ts';
import type { ConversationState, Skill, TurnContext } from '../skills/skill.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { composeSteps } from './compose-steps.ts';
import { dialogueTemplates } from './dialogue-templates.ts';
import { createEscalationStep, type Escalate, type EscalationPolicy } from './escalation.ts';
import { createFlowRegistry, createFlowStep } from './flow-step.ts';
import { chooseLocale } from './locale-detection.ts';
import { createFallback, createRouter, handoffGate } from './steps.ts';
import { createTemplateRenderer } from './templates.ts';

export interface TurnInput {
  conversation: { id: string; status: ConversationStatus; state: ConversationState };
  contact: { id: string; name: string | null; externalId: string };
  text: string;
  /** The id of the option the customer chose (a button, a list row, a numbered menu's number). */
  buttonId?: string;
  now: Date;
  /** Stable across replays of the turn: the id of its first inbound message. */
  turnKey: string;
}

export type TurnOutcome = Omit<TurnContext, 'say' | 'render'>;

export interface TurnEngine {
  run(input: TurnInput): Promise<TurnOutcome>;
}

export interface TurnEngineOptions {
  /** Checked in order on every bot turn, before flows and the router; none by default. */
  escalationPolicies?: readonly EscalationPolicy[];
  /** What escalating does; `markHandoff` by default. */
  escalate?: Escalate;
  /** The tenant's language model (`llm:`), for the uses it switched on; none by default. */
  llm?: LlmClient | null;
}

/**
 * Understands one turn and decides what to answer: hand-off gate → escalation policies → active flow →
 * router → fallback. It reads and returns; it writes nothing, so a turn that fails before its commit
 * leaves no trace and is replayed. Everything a later turn needs is in the returned `state`: the active
 * and suspended flows (`flow`, `flowStack`), the conversation's language (`locale`) and `counters`.
 */
export function createTurnEngine(
  tenant: TenantConfig,
  skills: Skill[],
  understander: Understander,
  options: TurnEngineOptions = {},
): TurnEngine {
  const render = createTemplateRenderer(tenant, [{ templates: dialogueTemplates }, ...skills]);
  const flows = createFlowRegistry(skills);
  const routable = new Set(skills.flatMap((skill) => skill.intents));
  const steps = composeSteps<TurnContext>([
    handoffGate,
    createEscalationStep(options.escalationPolicies ?? [], options.escalate),
    createFlowStep(skills, flows),
    createRouter(skills),
    createFallback(skills),
  ]);

  return {
    async run(input) {
      const parsed = await understander.parse(input.text, { now: input.now, timezone: tenant.timezone });
      const understanding = chosenIntent(parsed, input.buttonId, routable);
      const state = structuredClone(input.conversation.state);
      const remembered = state.locale === 'es' || state.locale === 'en' ? state.locale : undefined;
      const { locale, remember } = chooseLocale(input.text, remembered, tenant.locale);
      // A silenced turn leaves the state as it was: the people answering now own the conversation.
      if (remember && input.conversation.status === 'bot') state.locale = remember;

      const context: TurnContext = {
        tenant,
        conversation: { id: input.conversation.id, status: input.conversation.status },
        contact: input.contact,
        text: input.text,
        buttonId: input.buttonId ?? null,
        now: input.now,
        turnKey: input.turnKey,
        locale,
        understanding,
        state,
        replies: [],
        skill: null,
        handoff: input.conversation.status !== 'bot',
        outcome: 'answered',
        effects: [],
        llmUsage: [],
        say(key, variables, buttons?: Button[]) {
          const text = render(locale, key, variables);
          context.replies.push(
            buttons?.length
              ? { text, buttons, listButton: render(locale, 'dialogue.list_button') }
              : { text },
          );
        },
        render: (key, variables) => render(locale, key, variables),
      };
      await steps(context);
      if (context.outcome !== 'silenced') countTurn(context);
      return context;
    },
  };
}

/** A tap on a button whose id is an intent (the fallback's main options) means that intent, for sure. */
function chosenIntent(parsed: ParseResult, buttonId: string | undefined, routable: Set<string>): ParseResult {
  if (buttonId === undefined || !routable.has(buttonId)) return parsed;
  return { ...parsed, intent: { name: buttonId, confidence: 1 } };
}

/** `state.counters`: bot turns so far and fallbacks in a row, for the escalation policies. */
function countTurn(context: TurnContext): void {
  const previous = context.state.counters;
  const counters =
    typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? previous : {};
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  context.state.counters = {
    ...counters,
    turns: number(counters.turns) + 1,
    fallbacks: context.outcome === 'fallback' ? number(counters.fallbacks) + 1 : 0,
  };
}
