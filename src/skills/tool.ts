/**
 * A skill's tool: one thing it can look up or do, described so that the same tool serves a declarative
 * flow and, later, an LLM agent (which reads `description` and `input` to call it).
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../storage/schema.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';

export interface ToolContext {
  readonly tenant: TenantConfig;
  readonly contactId: string;
  /** The turn's clock. */
  readonly now: Date;
  /** The conversation the tool acts for, when it acts within one. */
  readonly conversationId?: string;
  /** Stable across replays of the turn (`TurnContext.turnKey`): an idempotency key for outside calls. */
  readonly turnKey?: string;
  /** Reads go here; a tool that writes does so inside the turn's commit (see `TurnEffect`). */
  readonly db: Kysely<Database> | Transaction<Database>;
}

export interface Tool<Input = unknown, Output = unknown> {
  /** snake_case, unique within the tenant's skills: `search_cars`, `book_appointment`. */
  name: string;
  /** One sentence on what it does and when to use it. */
  description: string;
  input: z.ZodType<Input>;
  /**
   * True when the tool changes data (books, cancels, orders). The LLM agent only calls tools that do not:
   * a change goes through the skill's flow, which confirms it with the customer and writes in the commit.
   */
  mutates?: boolean;
  execute(input: Input, context: ToolContext): Promise<Output>;
}

/**
 * A tool call the LLM agent made, as the turn records it (`turns.tool_calls`). Only the tool's name and
 * how the call went: the arguments and the error's text may carry what the customer wrote, so they stay
 * in the conversation with the model and out of the turn's record.
 */
export interface ToolCallRecord {
  name: string;
  ok: boolean;
  /** Why it did not run: no such tool, arguments that did not validate, or the tool failed. */
  error?: 'unknown_tool' | 'invalid_arguments' | 'failed';
}
