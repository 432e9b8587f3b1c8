/** The catalog's tools: `search_cars` and `car_details`, for the catalog's flow and an LLM agent alike. */
import { z } from 'zod';
import { formatMoney } from '../../dialogue/format.ts';
import type { Tool, ToolContext } from '../tool.ts';
import { carFiltersSchema, type CarFilters, type FilterName } from './car-filters.ts';
import { carOrThrow, type Car, type Catalog } from './catalog.ts';
import { carTitle } from './card.ts';
import { searchCars } from './search.ts';

/** A car as tools report it: the catalog's facts plus the price written for the customer. */
export interface CarFacts {
  stockId: string;
  title: string;
  make: string;
  model: string;
  year: number;
  version: string;
  price: number;
  priceText: string;
  km: number;
  bodyType: string | null;
  bluetooth: boolean;
  carPlay: boolean;
  dimensions: { length: number; width: number; height: number };
}

export interface SearchCarsOutput {
  cars: (CarFacts & { position: number })[];
  total: number;
  nextCursor: string | null;
  filters: CarFilters;
  unknown: { makes: string[]; models: string[] };
  relaxed: FilterName[];
}

const searchInput = z.object({
  filters: carFiltersSchema.default({}),
  cursor: z.string().min(1).optional().describe('nextCursor of the previous page, for "ver más".'),
});

const detailsInput = z.object({
  stockId: z.string().trim().min(1).describe('stock id of a car from search_cars'),
});

export type SearchCarsInput = z.input<typeof searchInput>;

export function createCatalogTools(
  catalog: Catalog,
): [Tool<z.output<typeof searchInput>, SearchCarsOutput>, Tool<z.output<typeof detailsInput>, CarFacts>] {
  const searchCarsTool: Tool<z.output<typeof searchInput>, SearchCarsOutput> = {
    name: 'search_cars',
    description:
      'Searches the cars for sale by make, model, body type, year, price, mileage and features; five per page, ' +
      'best match then cheapest first. When nothing matches it returns the closest cars and lists the filters it relaxed.',
    input: searchInput,
    async execute(input, context) {
      const page = searchCars(catalog, input.filters, input.cursor);
      return {
        cars: page.cars.map((car, index) => ({
          ...carFacts(car, context),
          position: page.offset + index + 1,
        })),
        total: page.total,
        nextCursor: page.nextCursor,
        filters: page.filters,
        unknown: page.unknown,
        relaxed: page.relaxed,
      };
    },
  };
  const carDetailsTool: Tool<z.output<typeof detailsInput>, CarFacts> = {
    name: 'car_details',
    description: 'The full details of one car (version, price, mileage, features, size) by its stock id.',
    input: detailsInput,
    async execute(input, context) {
      const car = carOrThrow(catalog, input.stockId);
      return carFacts(car, context);
    },
  };
  return [searchCarsTool, carDetailsTool];
}

export function carFacts(car: Car, context: Pick<ToolContext, 'tenant'>): CarFacts {
  return {
    stockId: car.stockId,
    title: carTitle(car),
    make: car.make,
    model: car.model,
    year: car.year,
    version: car.version,
    price: car.price,
    priceText: formatMoney(car.price, { tenant: context.tenant, locale: context.tenant.locale }),
    km: car.km,
    bodyType: car.bodyType ?? null,
    bluetooth: car.bluetooth,
    carPlay: car.carPlay,
    dimensions: car.dimensions,
  };
}
