/** How each slot type reads its value from a turn: the NLU entities, a chosen option, or the answer itself. */
import type { Button } from '../core/messages.ts';
import type { JsonValue } from '../core/json.ts';
import { allowedEdits, editDistance } from '../nlu/entities/edit-distance.ts';
import type { Entity } from '../nlu/parse-result.ts';
import { normalizeText } from '../nlu/normalize-text.ts';
import type { TurnContext } from '../skills/skill.ts';
import type { FlowSlot, MoneySlotValue, TimeSlotValue } from './flow.ts';

const ENTITY_BY_TYPE: Partial<Record<FlowSlot['type'], string>> = {
  time: 'time',
  number: 'number',
  money: 'amount-of-money',
  email: 'email',
  phone: 'phone-number',
};

function entityValue(slot: FlowSlot, entity: Entity, context: TurnContext): JsonValue | undefined {
  switch (slot.type) {
    case 'time': {
      const value = entity.value as TimeSlotValue['value'];
      const grain = typeof entity.grain === 'string' ? entity.grain : null;
      return { value, grain } satisfies TimeSlotValue as unknown as JsonValue;
    }
    case 'money':
      return moneyValue(entity, context);
    case 'number':
      return typeof entity.value === 'number' ? entity.value : undefined;
    default:
      return typeof entity.value === 'string' ? entity.value : undefined;
  }
}

function moneyValue(entity: Entity, context: TurnContext): JsonValue | undefined {
  if (typeof entity.value !== 'number') return undefined;
  const currency = typeof entity.unit === 'string' ? entity.unit : context.tenant.currency;
  return { amount: entity.value, currency } satisfies MoneySlotValue;
}

/**
 * The value an entity of this turn gives the slot, skipping entities another slot already took. Text
 * slots take nothing from entities: they are filled only by answering their question.
 */
export function readFromEntities(
  slot: FlowSlot,
  context: TurnContext,
  taken: Set<Entity>,
  options: readonly Button[],
): { value: JsonValue; entity: Entity } | undefined {
  const entityName = slot.type === 'lookup' ? slot.entity : ENTITY_BY_TYPE[slot.type];
  for (const entity of context.understanding.entities) {
    if (taken.has(entity)) continue;
    if (slot.type === 'choice') {
      const option = options.find((candidate) => candidate.id === entity.value);
      if (option) return { value: option.id, entity };
      continue;
    }
    if (entity.entity !== entityName) continue;
    const value = entityValue(slot, entity, context);
    if (value !== undefined) return { value, entity };
  }
  return undefined;
}

const MENU_NUMBER = /^(?:opci[oó]n\s*|option\s*|#)?(\d{1,2})[.)]?$/i;

/** The value a chosen option gives a slot: its id, read as the slot's type. */
function optionValue(slot: FlowSlot, option: Button, context: TurnContext): JsonValue | undefined {
  switch (slot.type) {
    case 'time':
      return { value: option.id, grain: null } satisfies TimeSlotValue;
    case 'number':
      return Number.isFinite(Number(option.id)) ? Number(option.id) : undefined;
    case 'money':
      return Number.isFinite(Number(option.id))
        ? ({ amount: Number(option.id), currency: context.tenant.currency } satisfies MoneySlotValue)
        : undefined;
    default:
      return option.id;
  }
}

/**
 * The value of the slot the last question asked for: an option shown with the question (by button,
 * number, ordinal or title), else an entity, else — for a money slot — a bare number, or — for a text
 * slot, unless `freeText` is false — the answer itself.
 */
export function readAnswer(
  slot: FlowSlot,
  context: TurnContext,
  options: readonly Button[],
  taken: Set<Entity>,
  freeText: boolean,
): JsonValue | undefined {
  const option = options.length > 0 ? chooseOption(context, options) : undefined;
  if (option) return optionValue(slot, option, context);
  const found = readFromEntities(slot, context, taken, options);
  if (found) {
    taken.add(found.entity);
    return found.value;
  }
  if (slot.type === 'money') {
    const number = context.understanding.entities.find(
      (entity) => entity.entity === 'number' && !taken.has(entity),
    );
    if (!number) return undefined;
    taken.add(number);
    return moneyValue(number, context);
  }
  if (slot.type === 'text' && freeText) {
    const text = context.text.trim();
    return text === '' ? undefined : text;
  }
  return undefined;
}

/** The option a customer picked: its button, its number, "el segundo", or words close to its title. */
export function chooseOption(context: TurnContext, options: readonly Button[]): Button | undefined {
  const byId = options.find((option) => option.id === context.buttonId);
  if (byId) return byId;
  const number = context.text.trim().match(MENU_NUMBER);
  if (number) return options[Number(number[1]) - 1];
  const ordinal = context.understanding.entities.find((entity) => entity.entity === 'ordinal');
  if (typeof ordinal?.value === 'number')
    return options.at(ordinal.value > 0 ? ordinal.value - 1 : ordinal.value);
  return closestTitle(context.text, options);
}

function closestTitle(text: string, options: readonly Button[]): Button | undefined {
  const answer = normalizeText(text);
  if (answer.length < 3) return undefined;
  const titles = options.map((option) => ({ option, title: normalizeText(option.title) }));
  const exact = titles.find(({ title, option }) => title === answer || normalizeText(option.id) === answer);
  if (exact) return exact.option;
  const containing = titles.filter(({ title }) => title.includes(answer) || answer.includes(title));
  if (containing.length === 1) return containing[0]!.option;
  const near = titles.filter(({ title }) => editDistance(answer, title, 2) <= allowedEdits(title.length));
  return near.length === 1 ? near[0]!.option : undefined;
}
