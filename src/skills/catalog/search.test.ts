import { describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import type { Car } from './catalog.ts';
import { PAGE_SIZE, searchCars } from './search.ts';
import { demoCatalog } from './testing.ts';

const describeCars = (cars: Car[]) => cars.map((car) => `${car.model} ${car.year} ${car.price}`);

describe('searchCars', () => {
  it('lists the matches cheapest first, five at a time, with a cursor for the next five', () => {
    const first = searchCars(demoCatalog, { bodyTypes: ['pickup'] });
    expect(first.total).toBe(8);
    expect(first.relaxed).toEqual([]);
    expect(describeCars(first.cars)).toEqual([
      'Ranger 2016 325000',
      'Hilux 2015 327000',
      'Hilux 2015 339000',
      'Ranger 2017 341000',
      'Ranger 2018 370000',
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = searchCars(demoCatalog, {}, first.nextCursor!);
    expect(second.offset).toBe(PAGE_SIZE);
    expect(second.cars).toHaveLength(3);
    expect(second.cars.every((car) => car.bodyType === 'pickup')).toBe(true);
    expect(second.cars[0]!.price).toBeGreaterThanOrEqual(370000);
    expect(second.nextCursor).toBeNull();
  });

  it('pages through every match once', () => {
    const seen: string[] = [];
    let page = searchCars(demoCatalog, { priceMax: 200000 });
    seen.push(...page.cars.map((car) => car.stockId));
    while (page.nextCursor) {
      page = searchCars(demoCatalog, {}, page.nextCursor);
      seen.push(...page.cars.map((car) => car.stockId));
    }
    const expected = demoCatalog.cars.filter((car) => car.price <= 200000);
    expect(seen.sort()).toEqual(expected.map((car) => car.stockId).sort());
    expect(page.total).toBe(expected.length);
  });

  it('rejects a cursor it did not give', () => {
    expect(() => searchCars(demoCatalog, {}, 'no-es-un-cursor')).toThrow(OrquestaError);
    expect(() => searchCars(demoCatalog, {}, 'no-es-un-cursor')).toThrow(/search again without a cursor/);
  });

  it('applies every filter at once', () => {
    const page = searchCars(demoCatalog, {
      bodyTypes: ['suv'],
      yearMin: 2020,
      priceMax: 450000,
      kmMax: 60000,
      carPlay: true,
      bluetooth: true,
    });
    const expected = demoCatalog.cars.filter(
      (car) =>
        car.bodyType === 'suv' &&
        car.year >= 2020 &&
        car.price <= 450000 &&
        car.km <= 60000 &&
        car.carPlay &&
        car.bluetooth,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(page.total).toBe(expected.length);
    expect(page.cars).toEqual([...expected].sort((a, b) => a.price - b.price).slice(0, PAGE_SIZE));
  });

  it('tolerates typos, case and punctuation in makes and models, reporting them as the catalog writes them', () => {
    const page = searchCars(demoCatalog, { makes: ['toyot'], models: ['corola', 'cx5'] });
    expect(page.filters).toEqual({ makes: ['Toyota'], models: ['Corolla', 'CX-5'] });
    expect(page.unknown).toEqual({ makes: [], models: [] });
    expect(new Set(page.cars.map((car) => car.model))).toEqual(new Set(['Corolla', 'CX-5']));
  });

  it('reads a make with one of its models as that model, and a make with another make’s model as either', () => {
    expect(searchCars(demoCatalog, { makes: ['Toyota'], models: ['Corolla'] }).total).toBe(3);
    const either = searchCars(demoCatalog, { makes: ['BMW'], models: ['Jetta'] });
    expect(either.total).toBe(4 + 4);
    expect(new Set([...either.cars.map((car) => car.make)])).toEqual(new Set(['Volkswagen', 'BMW']));
  });

  it('ranks cars around a loose price by how close they are to it', () => {
    const page = searchCars(demoCatalog, { bodyTypes: ['suv'], priceAround: 400000 });
    const distances = page.cars.map((car) => Math.abs(car.price - 400000));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(page.cars.every((car) => car.price >= 360000 && car.price <= 440000)).toBe(true);
  });

  it('when nothing matches, relaxes a detail before the model, and shows the closest cars first', () => {
    const page = searchCars(demoCatalog, { models: ['Hilux'], priceMax: 200000 });
    expect(page.relaxed).toEqual(['price']);
    expect(describeCars(page.cars)).toEqual([
      'Hilux 2015 327000',
      'Hilux 2015 339000',
      'Hilux 2023 514000',
      'Hilux 2024 543000',
    ]);
  });

  it('relaxes the most restrictive detail: the one whose absence brings back the most cars', () => {
    // No Corolla is from 2024, and one of the three has no CarPlay: dropping the year brings back two.
    const page = searchCars(demoCatalog, {
      models: ['Corolla'],
      yearMin: 2024,
      yearMax: 2024,
      carPlay: true,
    });
    expect(page.relaxed).toEqual(['year']);
    expect(describeCars(page.cars)).toEqual(['Corolla 2021 371000', 'Corolla 2020 328000']);
  });

  it('says honestly that a model is not in the catalog and offers the closest cars', () => {
    const page = searchCars(demoCatalog, { models: ['Ferrari'], bodyTypes: ['sedan'] });
    expect(page.unknown).toEqual({ makes: [], models: ['Ferrari'] });
    expect(page.relaxed).toEqual(['models']);
    expect(page.total).toBe(demoCatalog.cars.filter((car) => car.bodyType === 'sedan').length);
  });

  it('keeps relaxing until something matches', () => {
    const page = searchCars(demoCatalog, { models: ['Kwid'], yearMin: 2024, priceMin: 500000 });
    expect(page.relaxed.length).toBeGreaterThanOrEqual(2);
    expect(page.total).toBeGreaterThan(0);
    expect(page.cars.every((car) => car.model === 'Kwid')).toBe(true);
  });
});
