/**
 * Reads a customer's car search from the NLU's entities and the words around them: makes, models and body
 * types (lookups), years ("2020", "del 2018 en adelante", "de 2017 a 2019"), prices ("menos de 400 mil",
 * "entre 250 y 350 mil", "unos 300 mil"), kilometres ("menos de 50 mil km") and features ("con carplay").
 */
import type { Entity, ParseResult } from '../../nlu/parse-result.ts';
import { foldText } from '../../nlu/entities/folded-text.ts';
import { BODY_TYPES, bodyTypeNamed, type BodyType } from './body-types.ts';
import type { CarFilters } from './car-filters.ts';

export interface MessageFilters {
  filters: CarFilters;
  /**
   * What the customer asked for that the catalog cannot filter by, so the reply can say so honestly:
   * `transmission` ("automático", "estándar") has no column in the catalog.
   */
  unsupported: 'transmission'[];
}

export interface FilterContext {
  /** The turn's clock and the tenant's zone: numbers up to next year's are read as model years. */
  now: Date;
  timezone: string;
}

type Bound = 'max' | 'min' | 'below' | 'above' | 'around';

// Written right before the quantity (folded text: no accents, lower case).
const BOUND_BEFORE: [RegExp, Bound][] = [
  [/(?:antes del?|anterior(?:es)? al?|before)\s*$/, 'below'],
  [/(?:despues del?|posterior(?:es)? al?|after|newer than)\s*$/, 'above'],
  [
    /(?:menos de|hasta(?: el)?|maximo|max|no (?:pase|pasen|exceda|mas) de|menor(?:es)? (?:a|de)|(?:por )?debajo de|tope(?: de)?|under|below|less than|up to|at most)\s+(?:unos?\s+|los?\s+|el\s+)?\$?\s*$/,
    'max',
  ],
  [
    /(?:mas de|desde(?: el)?|minimo|arriba de|por encima de|mayor(?:es)? (?:a|de)|a partir del?|over|more than|at least|from)\s+(?:unos?\s+|los?\s+|el\s+)?\$?\s*$/,
    'min',
  ],
  [
    /(?:unos?|alrededor de|como|aprox(?:imadamente)?|cerca de|around|about|approximately)\s+\$?\s*$/,
    'around',
  ],
];

// Written right after it.
const BOUND_AFTER: [RegExp, Bound][] = [
  [
    /^\s*(?:para arriba|en adelante|o (?:mas )?(?:nuevos?|recientes?|superior|mas)|or newer|and up|or more)/,
    'min',
  ],
  [/^\s*(?:para abajo|o (?:mas )?(?:viejos?|antiguos?|anteriores?|anterior|menos)|or older|or less)/, 'max'],
];

const KILOMETRES_AFTER = /^\s*(?:de\s+)?(?:km|kms|kilometros?|kilometraje)(?![a-z])/;
const KILOMETRES_BEFORE = /(?:km|kms|kilometros?|kilometraje)(?:\s+\p{L}+){0,3}\s*$/u;
const RANGE_JOIN = /^\s*(?:y|a|al|-|to|and)\s*$/;
const RANGE_START = /(?:entre|de|from|between)\s+(?:los?\s+)?\$?\s*$/;
const CARPLAY = /(?<!sin\s)(?<!without\s)\b(?:apple\s+)?car\s?play\b/;
const BLUETOOTH = /(?<!sin\s)(?<!without\s)\b(?:blue\s?too?th?|blutu+|bluetoo?t)\b/;
const TRANSMISSION =
  /\b(?:automatic[oa]s?|automatic|estandar|standard|manual(?:es)?|transmision|transmission)\b/;

interface Quantity {
  value: number;
  start: number;
  end: number;
}

/** The search filters a message gives (empty filters when it names none). */
export function filtersFromMessage(understanding: ParseResult, context: FilterContext): MessageFilters {
  const folded = foldText(understanding.text);
  const latestYear = yearIn(context.now, context.timezone) + 1;
  const filters: CarFilters = {};
  const makes = new Set<string>();
  const models = new Set<string>();
  const bodyTypes = new Set<BodyType>();
  const years: Quantity[] = [];
  const quantities: Quantity[] = [];

  for (const entity of understanding.entities) {
    if (entity.entity === 'make' && typeof entity.value === 'string') makes.add(entity.value);
    else if (entity.entity === 'model' && typeof entity.value === 'string') models.add(entity.value);
    else if (entity.entity === 'body_type' && typeof entity.value === 'string') {
      const bodyType = asBodyType(entity.value);
      if (bodyType) bodyTypes.add(bodyType);
    } else if (entity.entity === 'time') addYears(entity, filters, years);
    else if (entity.entity === 'number' && typeof entity.value === 'number') {
      if (isYear(entity.value, latestYear) && !KILOMETRES_AFTER.test(folded.slice(entity.end))) {
        years.push(quantityOf(entity, entity.value));
      } else if (!/^\s*(?:%|por ?ciento|percent)/.test(folded.slice(entity.end))) {
        quantities.push(quantityOf(entity, entity.value));
      }
    } else if (entity.entity === 'amount-of-money' && typeof entity.value === 'number') {
      quantities.push(quantityOf(entity, entity.value));
    }
  }

  if (makes.size > 0) filters.makes = [...makes];
  if (models.size > 0) filters.models = [...models];
  if (bodyTypes.size > 0) filters.bodyTypes = [...bodyTypes];
  readYears(years, folded, filters);
  readAmounts(quantities, folded, filters);
  if (CARPLAY.test(folded)) filters.carPlay = true;
  if (BLUETOOTH.test(folded)) filters.bluetooth = true;
  return { filters, unsupported: TRANSMISSION.test(folded) ? ['transmission'] : [] };
}

function asBodyType(value: string): BodyType | undefined {
  return (BODY_TYPES as readonly string[]).includes(value) ? (value as BodyType) : bodyTypeNamed(value);
}

function isYear(value: number, latestYear: number): boolean {
  return Number.isInteger(value) && value >= 1980 && value <= latestYear;
}

function quantityOf(entity: Entity, value: number): Quantity {
  return { value, start: entity.start, end: entity.end };
}

/** A time entity of year grain: one year ("2020") joins the other years; a span ("de 2017 a 2019") is a range. */
function addYears(entity: Entity, filters: CarFilters, years: Quantity[]): void {
  if (entity.grain !== 'year') return;
  const value = entity.value as unknown;
  if (typeof value === 'string') {
    years.push({ value: Number(value.slice(0, 4)), start: entity.start, end: entity.end });
    return;
  }
  const span = value as { from?: unknown; to?: unknown } | null;
  const from = typeof span?.from === 'string' ? Number(span.from.slice(0, 4)) : undefined;
  // `to` is exclusive: the first instant after the span.
  const to = typeof span?.to === 'string' ? Number(span.to.slice(0, 4)) - 1 : undefined;
  if (from !== undefined && to !== undefined && from === to) {
    years.push({ value: from, start: entity.start, end: entity.end });
  } else {
    if (from !== undefined) filters.yearMin = from;
    if (to !== undefined) filters.yearMax = to;
  }
}

function readYears(years: Quantity[], folded: string, filters: CarFilters): void {
  const range = asRange(years, folded);
  if (range) {
    filters.yearMin = range[0];
    filters.yearMax = range[1];
    return;
  }
  for (const year of years) {
    const bound = boundOf(folded, year);
    if (bound === 'min') filters.yearMin = year.value;
    else if (bound === 'above') filters.yearMin = year.value + 1;
    else if (bound === 'max') filters.yearMax = year.value;
    else if (bound === 'below') filters.yearMax = year.value - 1;
    else {
      filters.yearMin = Math.min(filters.yearMin ?? year.value, year.value);
      filters.yearMax = Math.max(filters.yearMax ?? year.value, year.value);
    }
  }
}

/** Amounts are prices unless "km" follows (or comes shortly before); a price with no bound is a budget. */
function readAmounts(quantities: Quantity[], folded: string, filters: CarFilters): void {
  const kilometres = quantities.filter(
    (quantity) =>
      KILOMETRES_AFTER.test(folded.slice(quantity.end)) ||
      KILOMETRES_BEFORE.test(folded.slice(Math.max(0, quantity.start - 30), quantity.start)),
  );
  for (const quantity of kilometres) filters.kmMax = quantity.value;
  const prices = quantities.filter((quantity) => !kilometres.includes(quantity));
  const range = asRange(prices, folded);
  if (range) {
    filters.priceMin = range[0];
    filters.priceMax = range[1];
    return;
  }
  for (const price of prices.filter((quantity) => quantity.value >= 1000)) {
    const bound = boundOf(folded, price);
    if (bound === 'min' || bound === 'above') filters.priceMin = price.value;
    else if (bound === 'around') filters.priceAround = price.value;
    else filters.priceMax = price.value;
  }
}

/**
 * "entre 250 y 350 mil", "de 2017 a 2019": two quantities joined by "y"/"a" after "entre"/"de". The
 * multiplier written once applies to both ("250" is 250 000 when followed by "350 mil").
 */
function asRange(quantities: Quantity[], folded: string): [number, number] | undefined {
  for (let index = 0; index + 1 < quantities.length; index += 1) {
    const first = quantities[index]!;
    const second = quantities[index + 1]!;
    if (!RANGE_JOIN.test(folded.slice(first.end, second.start))) continue;
    if (!RANGE_START.test(folded.slice(Math.max(0, first.start - 12), first.start))) continue;
    let low = first.value;
    if (low < 1000 && second.value >= 1000 && second.value % 1000 === 0) low *= 1000;
    return [Math.min(low, second.value), Math.max(low, second.value)];
  }
  return undefined;
}

function boundOf(folded: string, quantity: Quantity): Bound | undefined {
  const before = folded.slice(Math.max(0, quantity.start - 30), quantity.start);
  const after = folded.slice(quantity.end, quantity.end + 30);
  return (
    BOUND_BEFORE.find(([pattern]) => pattern.test(before))?.[1] ??
    BOUND_AFTER.find(([pattern]) => pattern.test(after))?.[1]
  );
}

function yearIn(now: Date, timezone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: timezone, year: 'numeric' }).format(now));
}
