/**
 * Which car a message means: "el segundo", "el último", "el Corolla", "el de 2019", "el más barato",
 * "ese", or a stock id, resolved against the cars last listed (kept in the conversation state) and the
 * car the conversation is about.
 */
import { foldText } from '../../nlu/entities/folded-text.ts';
import type { ParseResult } from '../../nlu/parse-result.ts';
import type { CatalogState } from './catalog-state.ts';
import type { Car, Catalog } from './catalog.ts';

export type CarReference =
  | { kind: 'car'; stockId: string }
  /** Several cars fit ("el Jetta" when two Jettas were listed): ask which, offering these. */
  | { kind: 'ambiguous'; stockIds: string[] }
  /** "el sexto" when five were listed. */
  | { kind: 'out_of_range'; position: number; listed: number }
  /** Nothing in the message points at a car, and no car is in focus. */
  | { kind: 'none' };

const DEMONSTRATIVE = /\b(?:ese|esa|este|esta|eso|esto|aquel|aquella|that one|this one|it)\b/;
const SUPERLATIVES: [RegExp, (a: Car, b: Car) => number][] = [
  [/\bmas barato\b|\bmenor precio\b|\bcheapest\b/, (a, b) => a.price - b.price],
  [/\bmas caro\b|\bmayor precio\b|\bmost expensive\b/, (a, b) => b.price - a.price],
  [/\bmas nuevo\b|\bmas reciente\b|\bnewest\b/, (a, b) => b.year - a.year],
  [/\bmas viejo\b|\bmas antiguo\b|\boldest\b/, (a, b) => a.year - b.year],
  [/\bmenos (?:km|kilometr\w*)\b|\blowest mileage\b/, (a, b) => a.km - b.km],
];

export function resolveCarReference(
  understanding: ParseResult,
  state: CatalogState,
  catalog: Catalog,
): CarReference {
  const folded = foldText(understanding.text);
  const listed = state.listed.map((id) => catalog.byStockId(id)).filter((car): car is Car => !!car);

  const byStockId = folded.match(/\b\d{4,}\b/g)?.find((digits) => catalog.byStockId(digits));
  if (byStockId) return { kind: 'car', stockId: byStockId };

  const ordinal = understanding.entities.find((entity) => entity.entity === 'ordinal');
  if (ordinal && typeof ordinal.value === 'number' && ordinal.value !== 0) {
    const index = ordinal.value > 0 ? ordinal.value - 1 : listed.length + ordinal.value;
    const car = listed[index];
    return car
      ? { kind: 'car', stockId: car.stockId }
      : { kind: 'out_of_range', position: ordinal.value, listed: listed.length };
  }

  const superlative = SUPERLATIVES.find(([pattern]) => pattern.test(folded));
  if (superlative && listed.length > 0) {
    return { kind: 'car', stockId: [...listed].sort(superlative[1])[0]!.stockId };
  }

  const named = carsNamed(understanding, listed);
  if (named && named.length > 0) return oneOf(named);
  if (named) return oneOf(carsNamed(understanding, catalog.cars) ?? []);

  if (DEMONSTRATIVE.test(folded) && !state.focused && listed.length > 1) {
    return { kind: 'ambiguous', stockIds: listed.map((car) => car.stockId) };
  }
  if (state.focused && catalog.byStockId(state.focused)) return { kind: 'car', stockId: state.focused };
  if (listed.length === 1) return { kind: 'car', stockId: listed[0]!.stockId };
  return { kind: 'none' };
}

/**
 * The cars a message names by make, model or year ("el Corolla", "el Jetta 2019", "el de 2019"),
 * or undefined when it names none. Named cars not among the candidates give an empty list.
 */
function carsNamed(understanding: ParseResult, candidates: readonly Car[]): Car[] | undefined {
  const values = (name: string) =>
    understanding.entities.filter((entity) => entity.entity === name).map((entity) => entity.value);
  const makes = values('make');
  const models = values('model');
  const years = [
    ...values('number'),
    ...values('time')
      .filter((value): value is string => typeof value === 'string')
      .map((value) => Number(value.slice(0, 4))),
  ].filter((value): value is number => typeof value === 'number' && value >= 1980 && value <= 2100);
  if (makes.length === 0 && models.length === 0 && years.length === 0) return undefined;
  return candidates.filter(
    (car) =>
      (makes.length === 0 || makes.includes(car.make)) &&
      (models.length === 0 || models.includes(car.model)) &&
      (years.length === 0 || years.includes(car.year)),
  );
}

function oneOf(cars: Car[]): CarReference {
  if (cars.length === 1) return { kind: 'car', stockId: cars[0]!.stockId };
  if (cars.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', stockIds: cars.map((car) => car.stockId) };
}
