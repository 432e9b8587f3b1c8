/**
 * What the rest of Orquesta sees of a language model: one client per tenant that never throws for a
 * provider's failure. A call that is switched off, over budget, refused by an open circuit, timed out or
 * answered with an error resolves to `null`, and the caller keeps its template answer.
 */
import type OpenAI from 'openai';
import type { Locale } from '../skills/skill.ts';
import type { LlmConfig, LlmUse } from './llm-config.ts';

export type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
export type ChatTool = OpenAI.Chat.Completions.ChatCompletionFunctionTool;

/** What a call was for, as recorded with its usage. */
export type LlmPurpose =
  'rewrite' | 'understand' | 'knowledge' | 'agent' | 'embed' | 'transcribe' | 'describe';

/** One call to the provider, as recorded: what it cost and how it went. */
export interface LlmUsage {
  purpose: LlmPurpose;
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** From the tenant's price table; 0 when the model has no price there. */
  cost: number;
  latencyMs: number;
  /** `ok`; `error` (failed after retries); `rejected` (the answer failed a check, e.g. the grounding guard). */
  outcome: 'ok' | 'error' | 'rejected';
}

/** Who a call is made for and within which limits. */
export interface LlmCall {
  purpose: LlmPurpose;
  conversationId?: string;
  /** The turn's key, so a replayed turn's calls are told apart from new ones in the usage records. */
  turnKey?: string;
  /** No call starts after this instant, and none runs past it (the turn's time budget). */
  deadline?: number;
  /** Receives the usage of the call once it ends (the turn collects its calls for `turns.llm_usage`). */
  onUsage?: (usage: LlmUsage) => void;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** Structured output: the answer must be JSON valid against this schema (`response_format: json_schema`). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Another model than the chat model (the vision model). */
  model?: string;
  maxTokens?: number;
}

export interface ToolCallRequest {
  id: string;
  name: string;
  /** The JSON text the model wrote; parse and validate before use. */
  arguments: string;
}

export interface ChatAnswer {
  text: string | null;
  toolCalls: ToolCallRequest[];
  usage: LlmUsage;
}

export interface LlmClient {
  readonly config: LlmConfig;
  /** Whether this use is switched on for the tenant (a base URL is set and `uses[use]` is true). */
  uses(use: LlmUse): boolean;
  chat(request: ChatRequest, call: LlmCall): Promise<ChatAnswer | null>;
  /** One vector per text, or null without an embedding model or on failure. */
  embed(texts: string[], call: LlmCall): Promise<number[][] | null>;
  transcribe(audio: { bytes: Buffer; mimeType: string }, call: LlmCall): Promise<string | null>;
  /**
   * Marks an answer as rejected by a check (the grounding guard): its usage record and the turn's copy of it
   * (the same object `onUsage` received) get the outcome `rejected`.
   */
  reject(answer: ChatAnswer): Promise<void>;
  /**
   * A prompt from the templates (`src/llm/prompts/<locale>.yaml`, overridden by the tenant's
   * `llm.prompts`), with `{name}` placeholders filled in. Instructions only: user text never goes here.
   */
  prompt(locale: Locale, name: string, variables?: Record<string, string | number>): string;
}
