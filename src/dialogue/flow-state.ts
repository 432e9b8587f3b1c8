/**
 * Where flows keep their progress in the conversation state: `state.flow` (the active one) and
 * `state.flowStack` (flows suspended by a change of topic, the latest last). Plain JSON, read back
 * through a schema: progress that no longer fits (written by an older version) is dropped, not trusted.
 */
import { z } from 'zod';
import type { ConversationState } from '../skills/skill.ts';
import type { SlotValues } from './flow.ts';

/** A flow left untouched this long is forgotten: nobody expects "¿Seguimos con tu cita?" days later. */
export const FLOW_IDLE_LIMIT_MS = 12 * 60 * 60 * 1000;

/** Suspended flows kept at most; the oldest goes first. */
export const FLOW_STACK_LIMIT = 3;

const buttonSchema = z.object({ id: z.string(), title: z.string() });

const flowProgressSchema = z.object({
  skill: z.string(),
  name: z.string(),
  slots: z.record(z.string(), z.json()),
  /** What the last reply asked for: a slot, the confirmation, or nothing yet (a flow being started). */
  awaiting: z.union([
    z.object({ kind: z.literal('slot'), slot: z.string() }),
    z.object({ kind: z.literal('confirm') }),
    z.object({ kind: z.literal('none') }),
  ]),
  /** The options shown with the last question, so that "2" or "el segundo" means what the customer saw. */
  options: z.array(buttonSchema).default([]),
  /** Answers in a row that did not fill the awaited slot. */
  invalidAnswers: z.number().int().min(0).default(0),
  /** Set on a suspended flow once "¿Seguimos con …?" was asked. */
  resumeOffered: z.boolean().default(false),
  updatedAt: z.iso.datetime({ offset: true }),
});

export type FlowProgress = z.infer<typeof flowProgressSchema>;

export interface FlowState {
  active: FlowProgress | null;
  stack: FlowProgress[];
}

function readProgress(value: unknown, now: Date): FlowProgress | null {
  const parsed = flowProgressSchema.safeParse(value);
  if (!parsed.success) return null;
  const idle = now.getTime() - Date.parse(parsed.data.updatedAt);
  return idle > FLOW_IDLE_LIMIT_MS ? null : parsed.data;
}

export function readFlowState(state: ConversationState, now: Date): FlowState {
  const stack = Array.isArray(state.flowStack) ? state.flowStack : [];
  return {
    active: state.flow === undefined ? null : readProgress(state.flow, now),
    stack: stack.map((entry) => readProgress(entry, now)).filter((entry) => entry !== null),
  };
}

export function writeFlowState(state: ConversationState, flows: FlowState): void {
  if (flows.active) state.flow = toJson(flows.active);
  else delete state.flow;
  const stack = flows.stack.slice(-FLOW_STACK_LIMIT).map(toJson);
  if (stack.length > 0) state.flowStack = stack;
  else delete state.flowStack;
}

function toJson(progress: FlowProgress): ConversationState {
  return JSON.parse(JSON.stringify(progress)) as ConversationState;
}

export function newProgress(skill: string, name: string, slots: SlotValues, now: Date): FlowProgress {
  return {
    skill,
    name,
    slots,
    awaiting: { kind: 'none' },
    options: [],
    invalidAnswers: 0,
    resumeOffered: false,
    updatedAt: now.toISOString(),
  };
}
