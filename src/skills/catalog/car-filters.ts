/** What a car search asks for: the input of `search_cars`, and what a message is read into. */
import { z } from 'zod';
import { BODY_TYPES } from './body-types.ts';

const names = z.array(z.string().trim().min(1)).min(1);
const year = z.number().int().min(1900).max(2100);
const amount = z.number().int().positive();

export const carFiltersSchema = z
  .object({
    makes: names.optional().describe('Makes, as the customer wrote them; typos are tolerated. Any of them.'),
    models: names
      .optional()
      .describe('Models, as the customer wrote them; typos are tolerated. Any of them.'),
    bodyTypes: z.array(z.enum(BODY_TYPES)).min(1).optional().describe('Any of these body types.'),
    yearMin: year.optional(),
    yearMax: year.optional(),
    priceMin: amount.optional(),
    priceMax: amount.optional(),
    priceAround: amount.optional().describe('A price the customer named loosely ("unos 400 mil"): ±10 %.'),
    kmMax: amount.optional(),
    bluetooth: z.literal(true).optional().describe('Only cars with Bluetooth.'),
    carPlay: z.literal(true).optional().describe('Only cars with CarPlay.'),
  })
  .strict()
  .refine((filters) => !(filters.yearMin && filters.yearMax && filters.yearMin > filters.yearMax), {
    message: 'yearMin is after yearMax — give the older year as yearMin',
    path: ['yearMin'],
  })
  .refine((filters) => !(filters.priceMin && filters.priceMax && filters.priceMin > filters.priceMax), {
    message: 'priceMin is above priceMax — give the lower price as priceMin',
    path: ['priceMin'],
  });

export type CarFilters = z.infer<typeof carFiltersSchema>;

/** The filters that can be relaxed when nothing matches, in groups: `year` is yearMin and yearMax. */
export type FilterName = 'carPlay' | 'bluetooth' | 'km' | 'year' | 'price' | 'bodyTypes' | 'models' | 'makes';

/** Details the customer can give up first, then the essentials of what they asked for. */
export const DETAIL_FILTERS: readonly FilterName[] = ['carPlay', 'bluetooth', 'km', 'year', 'price'];
export const ESSENTIAL_FILTERS: readonly FilterName[] = ['bodyTypes', 'models', 'makes'];

/** The filter groups a search uses. */
export function filtersInUse(filters: CarFilters): FilterName[] {
  const present: Record<FilterName, boolean> = {
    carPlay: filters.carPlay === true,
    bluetooth: filters.bluetooth === true,
    km: filters.kmMax !== undefined,
    year: filters.yearMin !== undefined || filters.yearMax !== undefined,
    price:
      filters.priceMin !== undefined || filters.priceMax !== undefined || filters.priceAround !== undefined,
    bodyTypes: (filters.bodyTypes?.length ?? 0) > 0,
    models: (filters.models?.length ?? 0) > 0,
    makes: (filters.makes?.length ?? 0) > 0,
  };
  return [...DETAIL_FILTERS, ...ESSENTIAL_FILTERS].filter((name) => present[name]);
}

/** The filters without one group. */
export function withoutFilter(filters: CarFilters, name: FilterName): CarFilters {
  const keys: Record<FilterName, (keyof CarFilters)[]> = {
    carPlay: ['carPlay'],
    bluetooth: ['bluetooth'],
    km: ['kmMax'],
    year: ['yearMin', 'yearMax'],
    price: ['priceMin', 'priceMax', 'priceAround'],
    bodyTypes: ['bodyTypes'],
    models: ['models'],
    makes: ['makes'],
  };
  const copy = { ...filters };
  for (const key of keys[name]) delete copy[key];
  return copy;
}
