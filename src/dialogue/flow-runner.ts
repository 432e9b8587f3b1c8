/**
 * Moves a flow forward by one turn: reads what the message gives its slots, validates it, and asks for
 * the next missing slot, the confirmation, or completes it. Progress lives in `context.state` only.
 */
import type { Button } from '../core/messages.ts';
import type { JsonValue } from '../core/json.ts';
import type { Entity } from '../nlu/parse-result.ts';
import type { TurnContext } from '../skills/skill.ts';
import { yesOrNo } from './answers.ts';
import type { Flow, FlowSlot, SlotValues, TemplateMessage } from './flow.ts';
import { newProgress, readFlowState, writeFlowState, type FlowProgress } from './flow-state.ts';
import { chooseOption, readAnswer, readFromEntities } from './slot-readers.ts';

/** Answers in a row that fill nothing before the flow gives up and offers a person. */
export const MAX_INVALID_ANSWERS = 3;

/** Slot types a later message may correct ("mejor el miércoles", "mejor con la doctora Laura"). */
const CORRECTABLE: ReadonlySet<FlowSlot['type']> = new Set(['time', 'lookup']);

/** Button ids of yes and no (the confirmation and "¿Seguimos con …?"). */
export const YES = 'yes';
export const NO = 'no';

/** What one message says to a flow. */
export interface FlowReading {
  /** Values read for slots, new or corrected, not yet validated. */
  values: SlotValues;
  /** The answer to the confirmation, when that was the question. */
  confirmation: 'yes' | 'no' | null;
  /** Whether the message answers the question last asked (the awaited slot, or the confirmation). */
  answersQuestion: boolean;
}

export function yesNoButtons(context: TurnContext): Button[] {
  return [
    { id: YES, title: context.render('dialogue.yes') },
    { id: NO, title: context.render('dialogue.no') },
  ];
}

/** Yes or no, by button, numbered option, or words. */
export function readYesOrNo(context: TurnContext, shown: readonly Button[]): 'yes' | 'no' | null {
  const chosen = chooseOption(context, shown.length > 0 ? shown : yesNoButtons(context));
  if (chosen?.id === YES || chosen?.id === NO) return chosen.id;
  return yesOrNo(context.text);
}

function slotNamed(flow: Flow, name: string): FlowSlot | undefined {
  return flow.slots.find((slot) => slot.name === name);
}

async function optionsOf(slot: FlowSlot, context: TurnContext, slots: SlotValues): Promise<Button[]> {
  return slot.options ? await slot.options(context, slots) : [];
}

/**
 * Reads the message for the flow. `interrupted` (the message is confidently another intent) keeps a
 * text slot from swallowing it as its answer.
 */
export async function readTurn(
  context: TurnContext,
  flow: Flow,
  progress: FlowProgress,
  interrupted: boolean,
): Promise<FlowReading> {
  const values: SlotValues = {};
  const taken = new Set<Entity>();
  let answersQuestion = false;
  let confirmation: FlowReading['confirmation'] = null;

  const awaited = progress.awaiting.kind === 'slot' ? slotNamed(flow, progress.awaiting.slot) : undefined;
  if (awaited) {
    const value = awaited.extract
      ? awaited.extract(context, progress.slots)
      : readAnswer(awaited, context, progress.options, taken, !interrupted);
    if (value !== undefined) {
      values[awaited.name] = value;
      answersQuestion = true;
    }
  } else if (progress.awaiting.kind === 'confirm') {
    confirmation = readYesOrNo(context, progress.options);
    answersQuestion = confirmation !== null;
  }

  for (const slot of flow.slots) {
    if (slot === awaited || slot.type === 'text') continue;
    const filled = progress.slots[slot.name] !== undefined;
    if (filled && !CORRECTABLE.has(slot.type)) continue;
    const value = slot.extract
      ? slot.extract(context, progress.slots)
      : readEntity(slot, context, taken, await optionsOf(slot, context, progress.slots));
    if (value === undefined || (filled && sameValue(value, progress.slots[slot.name]))) continue;
    values[slot.name] = value;
    if (progress.awaiting.kind === 'confirm') answersQuestion = true;
  }
  return { values, confirmation, answersQuestion };
}

function readEntity(
  slot: FlowSlot,
  context: TurnContext,
  taken: Set<Entity>,
  options: readonly Button[],
): JsonValue | undefined {
  const found = readFromEntities(slot, context, taken, options);
  if (!found) return undefined;
  taken.add(found.entity);
  return found.value;
}

function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function variables(context: TurnContext, flow: Flow, slots: SlotValues): Record<string, string | number> {
  return flow.variables?.(context, slots) ?? {};
}

function setActive(context: TurnContext, progress: FlowProgress | null): void {
  const flows = readFlowState(context.state, context.now);
  writeFlowState(context.state, { ...flows, active: progress });
}

/**
 * Starts `flow` of the skill handling the turn: fills what the message already says, then asks for the
 * first missing slot. A suspended copy of the same flow is dropped: the customer started over.
 */
export async function startFlow(context: TurnContext, flow: Flow, slots: SlotValues = {}): Promise<void> {
  const skill = context.skill;
  if (skill === null)
    throw new Error(`flow "${flow.name}" was started outside a skill: call startFlow from a skill's handle`);
  const flows = readFlowState(context.state, context.now);
  const stack = flows.stack.filter((entry) => entry.skill !== skill || entry.name !== flow.name);
  writeFlowState(context.state, { active: null, stack });

  const progress = newProgress(skill, flow.name, slots, context.now);
  const reading = await readTurn(context, flow, progress, false);
  await applyReading(context, flow, progress, { ...reading, answersQuestion: true });
}

/** Applies a reading: validates the values, then confirms, completes, or asks for what is missing. */
export async function applyReading(
  context: TurnContext,
  flow: Flow,
  progress: FlowProgress,
  reading: FlowReading,
): Promise<void> {
  const slots: SlotValues = { ...progress.slots };
  let complaint: TemplateMessage | null = null;
  let accepted = 0;
  for (const slot of flow.slots) {
    const value = reading.values[slot.name];
    if (value === undefined) continue;
    const problem = slot.validate ? await slot.validate(value, context, slots) : null;
    if (problem) complaint ??= problem;
    else {
      slots[slot.name] = value;
      accepted += 1;
    }
  }
  const next: FlowProgress = { ...progress, slots, updatedAt: context.now.toISOString() };

  if (progress.awaiting.kind === 'confirm' && accepted === 0 && !complaint) {
    if (reading.confirmation === 'yes') return complete(context, flow, slots);
    if (reading.confirmation === 'no') return leaveFlow(context, flow);
  }

  if (complaint || (accepted === 0 && !reading.answersQuestion)) {
    next.invalidAnswers += 1;
    if (next.invalidAnswers >= MAX_INVALID_ANSWERS) return giveUp(context, flow);
    const vars = variables(context, flow, slots);
    const message = complaint ?? defaultComplaint(flow, progress);
    context.say(message.template, { ...vars, ...message.variables });
  } else {
    next.invalidAnswers = 0;
  }
  await ask(context, flow, next);
}

function defaultComplaint(flow: Flow, progress: FlowProgress): TemplateMessage {
  const { awaiting } = progress;
  if (awaiting.kind !== 'slot') return { template: 'dialogue.confirm_unclear' };
  const slot = slotNamed(flow, awaiting.slot);
  return { template: `dialogue.invalid_${slot?.type ?? 'text'}` };
}

/**
 * Asks for the first missing slot, or for the confirmation, or completes the flow when it needs none.
 * Also used to ask again when a suspended flow resumes.
 */
export async function ask(context: TurnContext, flow: Flow, progress: FlowProgress): Promise<void> {
  const vars = variables(context, flow, progress.slots);
  const missing = flow.slots.find((slot) => progress.slots[slot.name] === undefined);
  if (missing) {
    const options = await optionsOf(missing, context, progress.slots);
    context.say(missing.prompt, vars, options);
    setActive(context, { ...progress, awaiting: { kind: 'slot', slot: missing.name }, options });
    return;
  }
  if (!flow.confirm) return complete(context, flow, progress.slots);
  const options = yesNoButtons(context);
  context.say(flow.confirm, vars, options);
  setActive(context, { ...progress, awaiting: { kind: 'confirm' }, options });
}

/** Clears the flow before `complete` runs, so that `complete` may start another one. */
async function complete(context: TurnContext, flow: Flow, slots: SlotValues): Promise<void> {
  setActive(context, null);
  await flow.complete(context, slots);
}

/** The customer cancelled or said no: nothing is done. */
export function leaveFlow(context: TurnContext, flow: Flow): void {
  setActive(context, null);
  context.say(flow.cancelled ?? 'dialogue.flow_cancelled');
}

/**
 * Too many answers in a row filled nothing: the flow is left, a person is offered, and
 * `state.escalationRequest` tells the escalation policies why.
 */
function giveUp(context: TurnContext, flow: Flow): void {
  setActive(context, null);
  context.state.escalationRequest = { reason: 'invalid_answers', flow: flow.name };
  context.say('dialogue.flow_gave_up', {}, [
    { id: 'handoff', title: context.render('dialogue.button_human') },
  ]);
}
