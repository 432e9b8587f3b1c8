/**
 * The conversation part of an HTTP action: a declarative flow, started by the action's intent, that asks
 * for each required slot (a choice among its `values`, a number, yes/no, text, or text of its `pattern`),
 * confirms when the action has `confirm`, and then calls the action.
 */
import type { Button } from '../../core/messages.ts';
import type { JsonValue } from '../../core/json.ts';
import type { Flow, FlowSlot, SlotValues } from '../../dialogue/flow.ts';
import { readFlowState } from '../../dialogue/flow-state.ts';
import { chooseOption } from '../../dialogue/slot-readers.ts';
import { normalizeText } from '../../nlu/normalize-text.ts';
import type { TurnContext } from '../skill.ts';
import type { ActionInput } from './action-input.ts';
import type { HttpAction, HttpActionSlot } from './settings.ts';

/** The slots a conversation asks for, in their declared order: the required ones (optional ones are for tools). */
export function askedSlots(action: HttpAction): [string, HttpActionSlot][] {
  return Object.entries(action.slots).filter(([, slot]) => slot.required);
}

/** `sin_servicio` → `Sin servicio`: the button title of a value. */
export function valueTitle(value: string): string {
  const words = value.replaceAll('_', ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The first text in `text` of the slot's `pattern`, not glued to other letters or digits. */
export function findPattern(slot: HttpActionSlot, text: string): string | undefined {
  if (!slot.pattern) return undefined;
  return new RegExp(`(?<![A-Za-z0-9])(?:${slot.pattern})(?![A-Za-z0-9])`).exec(text)?.[0];
}

/** The value whose keywords (or its own words) the message contains, when exactly one matches. */
export function keywordValue(slot: HttpActionSlot, text: string): string | undefined {
  const message = ` ${normalizeText(text)} `;
  const matches = (slot.values ?? []).filter((value) =>
    [valueTitle(value), ...(slot.keywords?.[value] ?? [])].some((word) =>
      message.includes(` ${normalizeText(word)} `),
    ),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

function choiceButtons(slot: HttpActionSlot, context: TurnContext): Button[] {
  if (slot.type === 'boolean') {
    return [
      { id: 'true', title: context.render('dialogue.yes') },
      { id: 'false', title: context.render('dialogue.no') },
    ];
  }
  return (slot.values ?? []).map((value) => ({ id: value, title: valueTitle(value) }));
}

function flowSlot(action: HttpAction, name: string, slot: HttpActionSlot): FlowSlot {
  const prompt = slot.prompt ?? 'http-actions.ask_value';
  if (slot.values || slot.type === 'boolean') {
    return {
      name,
      type: 'choice',
      prompt,
      options: (context) => choiceButtons(slot, context),
      extract: (context) =>
        chooseOption(context, choiceButtons(slot, context))?.id ?? keywordValue(slot, context.text),
    };
  }
  if (slot.type === 'number') return { name, type: 'number', prompt };
  if (!slot.pattern) return { name, type: 'text', prompt };
  // A patterned value (a ticket number) is found anywhere in a message, also in the one that starts the
  // flow ("estado del ticket 10001"), and a later one corrects it, like a lookup.
  return {
    name,
    type: 'lookup',
    prompt,
    extract: (context) => findPattern(slot, context.text) ?? answerToCheck(context, action, name),
    validate: (value) =>
      typeof value === 'string' && findPattern(slot, value) !== undefined
        ? null
        : { template: slot.invalid ?? 'http-actions.invalid_value' },
  };
}

/**
 * The whole message when it answers this slot's question and is not about something else, so that a
 * value of the wrong form is refused with the slot's `invalid` reply instead of being ignored.
 */
function answerToCheck(context: TurnContext, action: HttpAction, slot: string): string | undefined {
  const { active } = readFlowState(context.state, context.now);
  const awaited =
    active?.name === action.name && active.awaiting.kind === 'slot' && active.awaiting.slot === slot;
  const intent = context.understanding.intent.name;
  const text = context.text.trim();
  return awaited && (intent === null || intent === action.intent) && text !== '' ? text : undefined;
}

/** The action's input from the flow's slots: booleans from their buttons, patterned text as found. */
export function inputFromSlots(action: HttpAction, slots: SlotValues): ActionInput {
  const input: ActionInput = {};
  for (const [name, slot] of askedSlots(action)) {
    const value: JsonValue | undefined = slots[name];
    if (value === undefined || value === null) continue;
    if (slot.type === 'boolean') input[name] = value === 'true' || value === true;
    else if (slot.type === 'number') input[name] = Number(value);
    else if (typeof value === 'string') input[name] = findPattern(slot, value) ?? value;
  }
  return input;
}

/** The slots as the customer reads them, for prompts and the confirmation: a value's title, the text found. */
export function slotDisplay(action: HttpAction, slots: SlotValues): Record<string, string | number> {
  const display: Record<string, string | number> = {};
  const input = inputFromSlots(action, slots);
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const slot = action.slots[name];
    display[name] = slot?.values && typeof value === 'string' ? valueTitle(value) : String(value);
  }
  return display;
}

/** The flow of one action; `complete` is the call and its reply, given by the skill. */
export function actionFlow(
  action: HttpAction,
  complete: (context: TurnContext, slots: SlotValues) => Promise<void>,
): Flow {
  return {
    name: action.name,
    ...(action.intent ? { intents: [action.intent] } : {}),
    title: 'http-actions.flow_title',
    slots: askedSlots(action).map(([name, slot]) => flowSlot(action, name, slot)),
    ...(action.confirm ? { confirm: action.confirm } : {}),
    variables: (_context, slots) => slotDisplay(action, slots),
    complete,
  };
}
