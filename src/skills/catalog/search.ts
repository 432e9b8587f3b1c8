/**
 * Car search over the catalog: filters, ranking (relevance, then price), pages of five with a cursor for
 * "ver más", and, when nothing matches, the closest alternatives with the filters that were relaxed.
 */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { parseJsonWith } from '../../core/json.ts';
import { allowedEdits, editDistance } from '../../nlu/entities/edit-distance.ts';
import { normalizeText } from '../../nlu/normalize-text.ts';
import {
  carFiltersSchema,
  DETAIL_FILTERS,
  ESSENTIAL_FILTERS,
  filtersInUse,
  withoutFilter,
  type CarFilters,
  type FilterName,
} from './car-filters.ts';
import type { Car, Catalog } from './catalog.ts';

export const PAGE_SIZE = 5;

/** How far "unos 400 mil" reaches either side. */
const AROUND = 0.1;

export interface SearchPage {
  /** This page's cars, best first. */
  cars: Car[];
  /** How many cars the whole result has. */
  total: number;
  /** Position of this page's first car in the whole result (0 for the first page). */
  offset: number;
  /** Pass it back to `searchCars` for the next page ("ver más"); null on the last page. */
  nextCursor: string | null;
  /** The filters as applied: makes and models as the catalog writes them. */
  filters: CarFilters;
  /** Makes and models asked for that the catalog does not have, even allowing for typos. */
  unknown: { makes: string[]; models: string[] };
  /** Filters dropped because nothing met them all, in the order they were dropped; empty for exact matches. */
  relaxed: FilterName[];
}

const cursorSchema = z.object({ filters: carFiltersSchema, offset: z.number().int().min(0) });

/**
 * Searches the catalog. With a `cursor` from a previous page, returns the page after it (the cursor
 * carries the filters, so `filters` is ignored). Throws `invalid_request` for a cursor it did not give.
 */
export function searchCars(catalog: Catalog, filters: CarFilters, cursor?: string): SearchPage {
  let offset = 0;
  if (cursor !== undefined) {
    ({ filters, offset } = decodeCursor(cursor));
  }
  const { resolved, unknown } = resolveNames(catalog, filters);
  const relaxed: FilterName[] = [];
  let applied = resolved;
  while (count(catalog, applied) === 0 && filtersInUse(applied).length > 0) {
    const name = filterToRelax(catalog, applied);
    relaxed.push(name);
    applied = withoutFilter(applied, name);
  }
  const ranked = catalog.cars
    .filter((car) => matches(car, applied, catalog))
    .map((car) => ({ car, distance: distanceFromRequest(car, resolved, relaxed) }))
    .sort(
      (a, b) =>
        compareDistances(a.distance, b.distance) ||
        a.car.price - b.car.price ||
        a.car.stockId.localeCompare(b.car.stockId),
    )
    .map(({ car }) => car);
  const next = offset + PAGE_SIZE;
  return {
    cars: ranked.slice(offset, next),
    total: ranked.length,
    offset,
    nextCursor: next < ranked.length ? encodeCursor(filters, next) : null,
    filters: resolved,
    unknown,
    relaxed,
  };
}

/** Whether a car meets every filter. Makes and models must be written as the catalog writes them. */
export function matches(car: Car, filters: CarFilters, catalog: Catalog): boolean {
  if (!matchesIdentity(car, filters, catalog)) return false;
  if (filters.bodyTypes && !(car.bodyType && filters.bodyTypes.includes(car.bodyType))) return false;
  if (filters.yearMin !== undefined && car.year < filters.yearMin) return false;
  if (filters.yearMax !== undefined && car.year > filters.yearMax) return false;
  if (filters.priceMin !== undefined && car.price < filters.priceMin) return false;
  if (filters.priceMax !== undefined && car.price > filters.priceMax) return false;
  const around = filters.priceAround;
  if (around !== undefined && Math.abs(car.price - around) > around * AROUND) return false;
  if (filters.kmMax !== undefined && car.km > filters.kmMax) return false;
  if (filters.bluetooth && !car.bluetooth) return false;
  return !(filters.carPlay && !car.carPlay);
}

/**
 * Makes and models are alternatives: "un BMW o un Jetta" is any BMW or any Jetta. A make whose models
 * are also named narrows to those models ("Toyota Corolla" is the Corolla, not every Toyota).
 */
function matchesIdentity(car: Car, filters: CarFilters, catalog: Catalog): boolean {
  const models = filters.models ?? [];
  const makes = filters.makes ?? [];
  if (models.length === 0 && makes.length === 0) return true;
  if (models.includes(car.model)) return true;
  if (!makes.includes(car.make)) return false;
  const owners = modelOwners(catalog);
  return !models.some((model) => owners.get(model)?.has(car.make));
}

const owned = new WeakMap<Catalog, Map<string, Set<string>>>();

/** Model → the makes that have it in the catalog. */
function modelOwners(catalog: Catalog): Map<string, Set<string>> {
  let owners = owned.get(catalog);
  if (!owners) {
    owners = new Map();
    for (const car of catalog.cars) {
      const makes = owners.get(car.model) ?? new Set<string>();
      makes.add(car.make);
      owners.set(car.model, makes);
    }
    owned.set(catalog, owners);
  }
  return owners;
}

function count(catalog: Catalog, filters: CarFilters): number {
  return catalog.cars.filter((car) => matches(car, filters, catalog)).length;
}

/**
 * The filter to drop when nothing matches. Details (CarPlay, Bluetooth, km, year, price) go before the
 * essentials of the request (body type, model, make). Within them, the most restrictive goes first: the
 * one whose absence brings back the most cars or, when no single one brings any back, the one the
 * fewest cars of the catalog meet on its own.
 */
function filterToRelax(catalog: Catalog, filters: CarFilters): FilterName {
  const inUse = filtersInUse(filters);
  const details = inUse.filter((name) => DETAIL_FILTERS.includes(name));
  const tier = details.length > 0 ? details : inUse.filter((name) => ESSENTIAL_FILTERS.includes(name));
  const onlyThis = (name: FilterName) =>
    inUse.filter((other) => other !== name).reduce((kept, other) => withoutFilter(kept, other), filters);
  let best: { name: FilterName; found: number; alone: number } | undefined;
  for (const name of tier) {
    const found = count(catalog, withoutFilter(filters, name));
    const alone = count(catalog, onlyThis(name));
    if (!best || found > best.found || (found === best.found && alone < best.alone))
      best = { name, found, alone };
  }
  return best!.name;
}

/**
 * How far a car is from what was asked, one figure per relaxed filter (in the order they were relaxed)
 * and then from a loose price: the closest alternatives come first.
 */
function distanceFromRequest(car: Car, asked: CarFilters, relaxed: FilterName[]): number[] {
  const outside = (value: number, min = -Infinity, max = Infinity) =>
    value < min ? min - value : value > max ? value - max : 0;
  const distance: Record<FilterName, () => number> = {
    carPlay: () => (car.carPlay ? 0 : 1),
    bluetooth: () => (car.bluetooth ? 0 : 1),
    km: () => outside(car.km, 0, asked.kmMax),
    year: () => outside(car.year, asked.yearMin, asked.yearMax),
    price: () =>
      asked.priceAround !== undefined
        ? Math.abs(car.price - asked.priceAround)
        : outside(car.price, asked.priceMin, asked.priceMax),
    bodyTypes: () => 0,
    models: () => 0,
    makes: () => 0,
  };
  const around = asked.priceAround === undefined ? 0 : Math.abs(car.price - asked.priceAround);
  return [...relaxed.map((name) => distance[name]()), around];
}

function compareDistances(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Makes and models as the catalog writes them, tolerating case, accents, spaces and hyphens ("cx5" →
 * CX-5) and typos in proportion to the word's length ("corola" → Corolla), as the NLU's lookups do.
 */
function resolveNames(
  catalog: Catalog,
  filters: CarFilters,
): { resolved: CarFilters; unknown: { makes: string[]; models: string[] } } {
  const makes = [...new Set(catalog.cars.map((car) => car.make))];
  const models = [...new Set(catalog.cars.map((car) => car.model))];
  const unknown = { makes: [] as string[], models: [] as string[] };
  const resolve = (asked: string[] | undefined, known: string[], missing: string[]) => {
    if (!asked) return undefined;
    return [
      ...new Set(
        asked.map((name) => {
          const found = closestName(name, known);
          if (!found) missing.push(name);
          return found ?? name;
        }),
      ),
    ];
  };
  const resolved: CarFilters = { ...filters };
  if (filters.makes) resolved.makes = resolve(filters.makes, makes, unknown.makes);
  if (filters.models) resolved.models = resolve(filters.models, models, unknown.models);
  return { resolved, unknown };
}

function closestName(name: string, known: string[]): string | undefined {
  const compact = (text: string) => normalizeText(text).replace(/ /g, '');
  const wanted = compact(name);
  const exact = known.find((candidate) => compact(candidate) === wanted);
  if (exact) return exact;
  const limit = allowedEdits(wanted.length);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, compact(candidate), limit);
    if (distance <= limit && distance < (best?.distance ?? Infinity)) best = { name: candidate, distance };
  }
  return best?.name;
}

function encodeCursor(filters: CarFilters, offset: number): string {
  return Buffer.from(JSON.stringify({ filters, offset }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { filters: CarFilters; offset: number } {
  const decoded = parseJsonWith(cursorSchema, Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!decoded.ok) {
    throw new OrquestaError(
      'invalid_request',
      `cursor "${cursor.slice(0, 40)}" is not one that search_cars gave — search again without a cursor`,
    );
  }
  return decoded.value;
}
