/**
 * What a message says about a purchase: which item ("el paquete de 6 sesiones", "4 limpiezas faciales",
 * option 2 of the list) and how many. The NLU has no package entity, so a package is recognised from the
 * word "paquete" with its service or its number of sessions.
 */
import type { Button } from '../../core/messages.ts';
import type { Entity } from '../../nlu/parse-result.ts';
import { chooseOption } from '../../dialogue/slot-readers.ts';
import type { TurnContext } from '../skill.ts';
import type { PurchasableItem } from './price-list.ts';

const PACKAGE_WORD = /\b(paquetes?|package|packages|bundle)\b/i;
/** Words right before a number that make it the package's size ("paquete de 6"), not a quantity. */
const SIZE_BEFORE = /(paquetes?|package)\s+(de\s+|of\s+)?$/i;
/** Words right after a number that make it a number of sessions ("6 sesiones"). */
const SIZE_AFTER = /^\s*(sesi[oó]n|sesiones|sessions?)\b/i;

function numbers(context: TurnContext): Entity[] {
  return context.understanding.entities.filter(
    (entity) => entity.entity === 'number' && typeof entity.value === 'number',
  );
}

function only<T>(candidates: T[]): T | undefined {
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The item a message names, if it names exactly one; `options` are the buttons shown for the choice. */
export function readItem(
  context: TurnContext,
  items: readonly PurchasableItem[],
  options: readonly Button[],
): PurchasableItem | undefined {
  const chosen = chooseOption(context, options);
  if (chosen) return items.find((item) => item.key === chosen.id);

  const service = context.understanding.entities.find((entity) => entity.entity === 'service')?.value;
  const sizes = numbers(context).map((entity) => entity.value as number);
  const packages = items.filter((item) => item.kind === 'package');
  if (PACKAGE_WORD.test(context.text)) {
    const ofService = packages.filter((item) => service === undefined || item.serviceId === service);
    const bySize = ofService.filter((item) => sizes.includes(item.sessions));
    return only(bySize) ?? (service === undefined ? undefined : only(ofService));
  }
  if (typeof service !== 'string') return undefined;
  return items.find((item) => item.kind === 'service' && item.serviceId === service);
}

const QUANTITY_OPTIONS = ['1', '2', '3'];

/** The quantity buttons: 1, 2 and 3. */
export function quantityButtons(): Button[] {
  return QUANTITY_OPTIONS.map((id) => ({ id, title: id }));
}

/**
 * The quantity a message gives for `item`: a tapped option, else a number that does not describe the
 * package itself ("paquete de 6 sesiones" says which package, not how many). Option titles are not
 * matched against the text: "paquete de 3 masajes" contains "3" without asking for three.
 */
export function readQuantity(context: TurnContext, item: PurchasableItem): number | undefined {
  if (context.buttonId !== null && QUANTITY_OPTIONS.includes(context.buttonId))
    return Number(context.buttonId);
  const quantity = numbers(context).find((entity) => {
    if (item.kind !== 'package') return true;
    const before = context.text.slice(0, entity.start);
    const after = context.text.slice(entity.end);
    return !SIZE_BEFORE.test(before) && !SIZE_AFTER.test(after);
  });
  return quantity?.value as number | undefined;
}
