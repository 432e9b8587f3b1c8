/**
 * A declarative flow: the slots a skill needs before it can act, asked one at a time, then confirmed,
 * then completed. The engine keeps its progress in the conversation state, so a flow survives restarts
 * and runs on any process.
 */
import type { Button } from '../core/messages.ts';
import type { JsonValue } from '../core/json.ts';
import type { TurnContext } from '../skills/skill.ts';

/** What a `time` slot holds: the NLU `time` entity's value (an ISO date-time, or `{ from, to }`) and grain. */
export interface TimeSlotValue {
  value: string | { from?: string; to?: string };
  grain: string | null;
}

/** What a `money` slot holds: the amount, in the currency the customer named or else the tenant's. */
export interface MoneySlotValue {
  amount: number;
  currency: string;
}

export type SlotType = 'text' | 'time' | 'number' | 'money' | 'choice' | 'email' | 'phone' | 'lookup';

/** Filled slots by name: strings for text, choice (the option id), email, phone and lookup; see the types above. */
export type SlotValues = { [name: string]: JsonValue };

/** A reply template and its variables: a validator's complaint. */
export interface TemplateMessage {
  template: string;
  variables?: Record<string, string | number>;
}

export interface FlowSlot {
  name: string;
  type: SlotType;
  /** For `lookup`: the NLU entity that fills it (`service`, `professional`, `make`, `model`). */
  entity?: string;
  /** Template key of the question that asks for it. */
  prompt: string;
  /**
   * For `choice` (required) and optionally any other type: the options shown as buttons. A choice is
   * filled by the button's id, the option's number in a numbered menu, an ordinal ("el segundo") or text
   * close to its title.
   */
  options?(context: TurnContext, slots: SlotValues): Button[] | Promise<Button[]>;
  /** A complaint when the value cannot be used (a past date, an amount out of range), or null. */
  validate?(
    value: JsonValue,
    context: TurnContext,
    slots: SlotValues,
  ): TemplateMessage | null | Promise<TemplateMessage | null>;
  /** Reads the value from the turn instead of the type's default reading; undefined when absent. */
  extract?(context: TurnContext, slots: SlotValues): JsonValue | undefined;
}

export interface Flow {
  /** Unique within its skill; kept in the conversation state. */
  name: string;
  /**
   * Intents that start the flow when the router sends them to its skill (instead of `handle`). While the
   * flow runs, these intents continue it rather than interrupt it.
   */
  intents?: readonly string[];
  /** Template key naming the flow for "¿Seguimos con {flow}?", e.g. "tu cita". */
  title: string;
  slots: readonly FlowSlot[];
  /** Template key of the summary asked before `complete`; answered yes or no. Flows with effects need it. */
  confirm?: string;
  /** Variables for every prompt, complaint and the confirmation: the slots, formatted for the customer. */
  variables?(context: TurnContext, slots: SlotValues): Record<string, string | number>;
  /** Does what the flow is for, through the skill's tools and `context.effects`, and replies. Runs once. */
  complete(context: TurnContext, slots: SlotValues): Promise<void>;
  /** Template key said when the customer cancels or answers no; `dialogue.flow_cancelled` by default. */
  cancelled?: string;
}
