import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/databases.ts';
import { OrquestaError } from '../../core/errors.ts';
import { demoCatalog, withToolContext } from './testing.ts';
import { createCatalogTools } from './tools.ts';

const [searchCarsTool, carDetailsTool] = createCatalogTools(demoCatalog);

describe.each(DIALECTS)('catalog tools (%s)', (dialect) => {
  it('search_cars takes the filters an agent gives, checked by its schema', () =>
    withToolContext(dialect, async (context) => {
      const input = searchCarsTool.input.parse({ filters: { models: ['corola'], carPlay: true } });
      const output = await searchCarsTool.execute(input, context);
      expect(output.total).toBe(2);
      expect(output.filters).toEqual({ models: ['Corolla'], carPlay: true });
      expect(output.cars.map((car) => [car.position, car.stockId, car.priceText])).toEqual([
        [1, '243016', '$328,000'],
        [2, '243001', '$371,000'],
      ]);
      expect(output.nextCursor).toBeNull();
    }));

  it('search_cars numbers the second page on from the first', () =>
    withToolContext(dialect, async (context) => {
      const first = await searchCarsTool.execute(
        searchCarsTool.input.parse({ filters: { bodyTypes: ['suv'] } }),
        context,
      );
      const second = await searchCarsTool.execute(
        searchCarsTool.input.parse({ cursor: first.nextCursor }),
        context,
      );
      expect(second.cars[0]!.position).toBe(6);
      expect(second.cars.every((car) => car.bodyType === 'suv')).toBe(true);
    }));

  it('car_details gives one car’s facts, and a clear error for a stock id not in the catalog', () =>
    withToolContext(dialect, async (context) => {
      const car = await carDetailsTool.execute({ stockId: '243254' }, context);
      expect(car).toMatchObject({
        title: 'Toyota Hilux 2015',
        priceText: '$339,000',
        bodyType: 'pickup',
        km: 125000,
      });
      const error = await carDetailsTool
        .execute({ stockId: '999' }, context)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OrquestaError);
      expect((error as OrquestaError).code).toBe('not_found');
      expect((error as OrquestaError).message).toBe(
        'no car with stock id "999" in the catalog — use a stockId returned by search_cars',
      );
    }));
});

describe('search_cars input', () => {
  it('rejects filters that make no sense, saying which', () => {
    const result = searchCarsTool.input.safeParse({ filters: { yearMin: 2022, yearMax: 2018 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'yearMin is after yearMax — give the older year as yearMin',
    );
    expect(searchCarsTool.input.safeParse({ filters: { color: 'rojo' } }).success).toBe(false);
  });
});
