/** The contract between the turn engine and a skill: what a skill receives for one turn and what it gives back. */
import type { Kysely, Transaction } from 'kysely';
import type { JsonValue } from '../core/json.ts';
import type { TurnMedia } from '../core/media.ts';
import type { Button, ConversationStatus, Reply } from '../core/messages.ts';
import type { Flow } from '../dialogue/flow.ts';
import type { LlmClient, LlmUsage } from '../llm/llm.ts';
import type { HistoryMessage } from '../llm/grounded-rewrite.ts';
import type { Tool, ToolCallRecord } from './tool.ts';
import type { ParseResult } from '../nlu/parse-result.ts';
import type { Database } from '../storage/schema.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';

export type Locale = 'es' | 'en';

export type ConversationState = { [key: string]: JsonValue };

/** A change to the skill's own tables, applied inside the turn's commit so it happens exactly once. */
export type TurnEffect = (transaction: Transaction<Database>) => Promise<void>;

export interface SayOptions {
  /** False to keep the reply out of the turn's grounded rewrite; true by default. */
  rewrite?: boolean;
}

export interface TurnContext {
  readonly tenant: TenantConfig;
  readonly conversation: { readonly id: string; readonly status: ConversationStatus };
  readonly contact: { readonly id: string; readonly name: string | null; readonly externalId: string };
  /** The turn's text: one message, or a debounced burst joined by new lines. */
  readonly text: string;
  /** The id of the option the customer chose, when the message was a button, list or menu answer. */
  readonly buttonId: string | null;
  /** The turn's clock (the channel's override in tests, otherwise the processing time). */
  readonly now: Date;
  /**
   * The same on every replay of this turn (its first inbound message), so that a call to another system
   * can carry it as an idempotency key and a replayed turn does not act twice.
   */
  readonly turnKey: string;
  readonly locale: Locale;
  readonly understanding: ParseResult;
  /** Mutable: what the turn leaves for the next one. Persisted with the turn. */
  state: ConversationState;
  replies: Reply[];
  skill: string | null;
  handoff: boolean;
  outcome: 'answered' | 'fallback' | 'silenced';
  effects: TurnEffect[];
  /** The turn's language-model calls, recorded with the turn (`turns.llm_usage`). */
  llmUsage: LlmUsage[];
  /** The LLM agent's tool calls, recorded with the turn (`turns.tool_calls`). */
  toolCalls: ToolCallRecord[];
  /** The conversation's last messages before this turn, oldest first: context for the language model. */
  readonly history?: readonly HistoryMessage[];
  /** Wall-clock instant (ms) after which no language-model call starts: the turn's time budget. */
  readonly llmDeadline?: number;
  /** What the turn's media became (transcribed, described, or not understood), when it carried any. */
  readonly media?: TurnMedia;
  /**
   * Renders a template for the turn's locale and queues it as a reply. With `rewrite: false` the turn's
   * grounded rewrite leaves it as it is (the model already wrote it).
   */
  say(
    key: string,
    variables?: Record<string, string | number>,
    buttons?: Button[],
    options?: SayOptions,
  ): void;
  /** Renders a template without queueing it. */
  render(key: string, variables?: Record<string, string | number>): string;
}

export interface Skill {
  name: string;
  /** The intents the router sends to this skill. */
  intents: readonly string[];
  /** Default reply templates, by locale then key (`<skill>.<name>`). */
  templates: Record<Locale, Record<string, string>>;
  handle(context: TurnContext): Promise<void>;
  /**
   * Declarative flows (see `docs/dialogue.md`). A flow whose `intents` include the turn's intent starts
   * instead of `handle`; `handle` may also start one with `startFlow`.
   */
  flows?: readonly Flow[];
  /**
   * The skill's tools, the same objects its flows use; the LLM agent may call those that do not mutate.
   * A function when they are bound to the turn (an HTTP action sends the contact's phone from it).
   */
  tools?: readonly Tool[] | ((context: TurnContext) => readonly Tool[]);
  /**
   * What the skill offers as a button when the bot did not understand: the intent a tap stands for and
   * the template key of the button's title, e.g. `{ intent: 'agendar_cita', title: 'agenda.option_book' }`.
   */
  mainOptions?: readonly { intent: string; title: string }[];
  /**
   * A skill that can answer what nothing else understood (smalltalk's clarifying question). `options` are
   * the enabled skills' main options, as buttons, for the question to offer.
   */
  fallback?(context: TurnContext, options: Button[]): Promise<void>;
}

/** What a skill's factory receives besides its tenant. */
export interface SkillDependencies {
  /** For reads while deciding; writes go through `TurnContext.effects`, inside the turn's commit. */
  readonly db: Kysely<Database>;
  /** The configuration file's folder: a tenant's business files are relative to it. */
  readonly baseDir: string;
  /** The tenant's language model, when it configured one (`llm:`); null otherwise. */
  readonly llm?: LlmClient | null;
}
