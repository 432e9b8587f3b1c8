import type { TurnMedia } from '../core/media.ts';
import type { Button, ConversationStatus, Reply } from '../core/messages.ts';
import { createAgentStep } from '../llm/agent/agent-step.ts';
import { rewriteTurnReplies, type HistoryMessage } from '../llm/grounded-rewrite.ts';
import type { LlmCall, LlmClient, LlmUsage } from '../llm/llm.ts';
import { createLlmUnderstander } from '../nlu/llm-understander.ts';
import type { ParseResult, Understander } from '../nlu/parse-result.ts';
import type { ConversationState, Locale, SayOptions, Skill, TurnContext } from '../skills/skill.ts';
import type { ToolContext } from '../skills/tool.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { composeSteps } from './compose-steps.ts';
import { dialogueTemplates } from './dialogue-templates.ts';
import { createEscalationStep, type Escalate, type EscalationPolicy } from './escalation.ts';
import { createFlowRegistry, createFlowStep } from './flow-step.ts';
import { readFlowState } from './flow-state.ts';
import { chooseLocale } from './locale-detection.ts';
import { mediaStep } from './media-step.ts';
import { createFallback, createRouter, handoffGate } from './steps.ts';
import { createTemplateRenderer, type RenderTemplate } from './templates.ts';

export interface TurnInput {
  conversation: { id: string; status: ConversationStatus; state: ConversationState };
  contact: { id: string; name: string | null; externalId: string };
  text: string;
  /** The id of the option the customer chose (a button, a list row, a numbered menu's number). */
  buttonId?: string;
  now: Date;
  /** Stable across replays of the turn: the id of its first inbound message. */
  turnKey: string;
  /** The conversation's last messages before this turn, oldest first: context for the language model. */
  history?: HistoryMessage[];
  /** What the turn's media became before the engine (src/pipeline/media-text.ts); `text` holds it. */
  media?: TurnMedia;
  /** Language-model calls already made for the turn (understanding its media), recorded with it. */
  llmUsage?: LlmUsage[];
  /** The end of the turn's time budget for language-model calls, when it started before the engine. */
  llmDeadline?: number;
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
  /** Where the agent's tools read (agent mode needs it besides `llm`). */
  db?: ToolContext['db'];
}

/**
 * Understands one turn and decides what to answer: hand-off gate → escalation policies → active flow →
 * router → fallback. It reads and returns; it writes nothing, so a turn that fails before its commit
 * leaves no trace and is replayed. Everything a later turn needs is in the returned `state`: the active
 * and suspended flows (`flow`, `flowStack`), the conversation's language (`locale`) and `counters`.
 *
 * With a language model (`options.llm`), a message the NLU names no intent for goes to the model to
 * choose one (`uses.understand`), and the template replies are rewritten in the tenant's persona when the
 * grounding guard finds every fact kept (`uses.rewrite`). Every call ends within the turn's time budget
 * (`llm.turnBudgetMs`), and every failure leaves the answer the turn has without the model.
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
  const llm = options.llm ?? null;
  const llmUnderstander = llm
    ? createLlmUnderstander({
        llm,
        understander,
        intents: intentChoices(skills, render, tenant.locale),
        entities: flowEntities(skills),
        threshold: tenant.nlu.threshold,
      })
    : null;
  const steps = composeSteps<TurnContext>([
    handoffGate,
    mediaStep,
    createEscalationStep(options.escalationPolicies ?? [], options.escalate),
    createFlowStep(skills, flows),
    createRouter(skills),
    createAgentStep(skills, options),
    createFallback(skills),
  ]);

  return {
    async run(input) {
      const llmDeadline =
        input.llmDeadline ?? (llm && tenant.llm ? Date.now() + tenant.llm.turnBudgetMs : undefined);
      const llmUsage: LlmUsage[] = [...(input.llmUsage ?? [])];
      const history = input.history ?? [];
      const parsed = await understander.parse(input.text, { now: input.now, timezone: tenant.timezone });
      const state = structuredClone(input.conversation.state);
      const remembered = state.locale === 'es' || state.locale === 'en' ? state.locale : undefined;
      const { locale, remember } = chooseLocale(input.text, remembered, tenant.locale);
      // A silenced turn leaves the state as it was: the people answering now own the conversation.
      if (remember && input.conversation.status === 'bot') state.locale = remember;
      let understanding = chosenIntent(parsed, input.buttonId, routable);
      if (llmUnderstander && llm?.uses('understand') && asksTheModel(understanding, input, state)) {
        const call: LlmCall = {
          purpose: 'understand',
          conversationId: input.conversation.id,
          turnKey: input.turnKey,
          ...(llmDeadline === undefined ? {} : { deadline: llmDeadline }),
          onUsage: (usage) => llmUsage.push(usage),
        };
        understanding = await llmUnderstander.understand(understanding, {
          locale,
          history,
          now: input.now,
          timezone: tenant.timezone,
          call,
        });
      }
      const sources = new Map<Reply, Record<string, string | number>>();

      const context: TurnContext = {
        tenant,
        conversation: { id: input.conversation.id, status: input.conversation.status },
        contact: input.contact,
        text: input.text,
        ...(input.media ? { media: input.media } : {}),
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
        llmUsage,
        toolCalls: [],
        history,
        ...(llmDeadline === undefined ? {} : { llmDeadline }),
        say(key, variables, buttons?: Button[], options?: SayOptions) {
          const text = render(locale, key, variables);
          const reply: Reply = buttons?.length
            ? { text, buttons, listButton: render(locale, 'dialogue.list_button') }
            : { text };
          context.replies.push(reply);
          // Only the replies in `sources` are rewritten.
          if (options?.rewrite !== false) sources.set(reply, variables ?? {});
        },
        render: (key, variables) => render(locale, key, variables),
      };
      await steps(context);
      if (context.outcome !== 'silenced') countTurn(context);
      if (llm?.uses('rewrite') && context.outcome !== 'silenced')
        await rewriteTurnReplies(llm, context, sources, history);
      return context;
    },
  };
}

/** A tap on a button whose id is an intent (the fallback's main options) means that intent, for sure. */
function chosenIntent(parsed: ParseResult, buttonId: string | undefined, routable: Set<string>): ParseResult {
  if (buttonId === undefined || !routable.has(buttonId)) return parsed;
  return { ...parsed, intent: { name: buttonId, confidence: 1 } };
}

/**
 * Whether a message goes to the language model for its intent: the NLU named none, it is not a tap on an
 * option, the bot answers the conversation, and no flow awaits an answer (answers to a flow's question
 * or to "¿Seguimos con …?" rarely carry an intent, and the flow reads them).
 */
function asksTheModel(understanding: ParseResult, input: TurnInput, state: ConversationState): boolean {
  if (understanding.intent.name !== null || input.buttonId !== undefined) return false;
  if (input.conversation.status !== 'bot' || input.text.trim() === '') return false;
  const flows = readFlowState(state, input.now);
  return flows.active === null && !flows.stack.at(-1)?.resumeOffered;
}

/** The intents a skill answers, each described by its main option's title when it has one. */
function intentChoices(skills: readonly Skill[], render: RenderTemplate, locale: Locale) {
  const titles = new Map(
    skills.flatMap((skill) => skill.mainOptions ?? []).map((option) => [option.intent, option.title]),
  );
  const intents = [...new Set(skills.flatMap((skill) => skill.intents))];
  return intents.map((name) => {
    const title = titles.get(name);
    return { name, description: title ? render(locale, title) : name.replaceAll('_', ' ') };
  });
}

/** The entities the NLU extracts for every tenant, and those the flows' lookup slots read. */
function flowEntities(skills: readonly Skill[]): string[] {
  const lookups = skills.flatMap((skill) =>
    (skill.flows ?? []).flatMap((flow) => flow.slots.flatMap((slot) => (slot.entity ? [slot.entity] : []))),
  );
  return [...new Set(['time', 'number', 'amount-of-money', 'email', 'phone-number', ...lookups])];
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
