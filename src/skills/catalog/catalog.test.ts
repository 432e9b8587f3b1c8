import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import { loadCatalog, parseCatalog, tenantCatalog } from './catalog.ts';
import { autosTenant, DEMO_AUTOS, demoCatalog } from './testing.ts';

const HEADER = 'stock_id,km,price,make,model,year,version,bluetooth,largo,ancho,altura,car_play';
const ROW = '1,45200,318000,Seat,Ateca,2016,1.4 Style,Sí,4.328,1.775,1.678,No';

function errorOf(action: () => unknown): OrquestaError {
  try {
    action();
  } catch (error) {
    if (error instanceof OrquestaError) return error;
    throw error;
  }
  throw new Error('expected an OrquestaError');
}

describe('the demo catalog', () => {
  it('has every car of the CSV, typed', () => {
    expect(demoCatalog.cars).toHaveLength(149);
    expect(demoCatalog.byStockId('243001')).toEqual({
      stockId: '243001',
      make: 'Toyota',
      model: 'Corolla',
      year: 2021,
      version: '1.8 LE CVT',
      price: 371000,
      km: 42600,
      bluetooth: true,
      carPlay: true,
      dimensions: { length: 4.759, width: 1.84, height: 1.459 },
      bodyType: 'sedan',
    });
  });

  it('gives every demo car a body type, from its version words or the model table', () => {
    expect(demoCatalog.cars.filter((car) => car.bodyType === undefined)).toEqual([]);
    const typeOf = (model: string) => demoCatalog.cars.find((car) => car.model === model)?.bodyType;
    expect(typeOf('Hilux')).toBe('pickup');
    expect(typeOf('CX-5')).toBe('suv');
    expect(typeOf('Mazda 3')).toBe('hatchback');
    expect(typeOf('Jetta')).toBe('sedan');
    expect(typeOf('Ertiga')).toBe('minivan');
  });

  it('is read from the tenant’s business.catalog, once per file', () => {
    const catalog = tenantCatalog(autosTenant(), join(DEMO_AUTOS, '..'));
    expect(catalog.cars).toHaveLength(149);
    expect(tenantCatalog(autosTenant(), join(DEMO_AUTOS, '..'))).toBe(catalog);
  });
});

describe('a catalog with mistakes', () => {
  it('names the line and column of a cell that is not a number, and how to write it', () => {
    const error = errorOf(() =>
      parseCatalog(`${HEADER}\n${ROW}\n2,10,"318,000",Seat,Ateca,2016,x,Sí,4.3,1.7,1.6,No\n`, 'cat.csv'),
    );
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe(
      'cat.csv:3, column "price": "318,000" is not a whole number — write the price in whole pesos without separators, e.g. 318000',
    );
  });

  it('rejects a Bluetooth cell that is not Sí or No', () => {
    expect(
      errorOf(() => parseCatalog(`${HEADER}\n${ROW.replace(',Sí,', ',quizá,')}\n`, 'cat.csv')).message,
    ).toBe('cat.csv:2, column "bluetooth": "quizá" is not Sí or No — write Sí or No');
  });

  it('rejects a stock id used twice', () => {
    expect(errorOf(() => parseCatalog(`${HEADER}\n${ROW}\n${ROW}\n`, 'cat.csv')).message).toBe(
      'cat.csv:3, column "stock_id": "1" is used twice — give each car its own stock id',
    );
  });

  it('rejects an implausible model year', () => {
    expect(
      errorOf(() => parseCatalog(`${HEADER}\n${ROW.replace('2016', '216')}\n`, 'cat.csv')).message,
    ).toMatch(/^cat\.csv:2, column "year": "216" is not a model year/);
  });

  it('lists the columns missing from the first line', () => {
    const header = HEADER.replace(',car_play', '').replace('km,', '');
    expect(errorOf(() => parseCatalog(`${header}\n`, 'cat.csv')).message).toBe(
      'cat.csv:1 has no column "km", "car_play" — the first line must name stock_id,km,price,make,model,year,version,bluetooth,largo,ancho,altura,car_play',
    );
  });

  it('reports a row with the wrong number of cells', () => {
    expect(errorOf(() => parseCatalog(`${HEADER}\n${ROW}\n1,2,3\n`, 'cat.csv')).message).toMatch(
      /^cat\.csv:3 is not a valid CSV: .*every row needs the same columns as the first line$/,
    );
  });

  it('takes the body type from a body_type column, and rejects one it does not know', () => {
    const catalog = parseCatalog(`${HEADER},body_type\n${ROW},Camioneta\n`, 'cat.csv');
    expect(catalog.cars[0]!.bodyType).toBe('suv');
    expect(errorOf(() => parseCatalog(`${HEADER},body_type\n${ROW},tanque\n`, 'cat.csv')).message).toBe(
      'cat.csv:2, column "body_type": "tanque" is not a body type — use sedan, suv, hatchback, pickup, minivan or coupe',
    );
  });

  it('leaves the body type out when nothing describes the model', () => {
    const catalog = parseCatalog(`${HEADER}\n${ROW.replace('Seat,Ateca', 'Lada,Niva')}\n`, 'cat.csv');
    expect(catalog.cars[0]!.bodyType).toBeUndefined();
  });

  const folder = mkdtempSync(join(tmpdir(), 'orquesta-catalog-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('says which file it cannot read', () => {
    const path = join(folder, 'missing.csv');
    expect(errorOf(() => loadCatalog(path)).message).toBe(
      `${path}: cannot read the catalog (ENOENT) — check business.catalog in the configuration`,
    );
    writeFileSync(join(folder, 'ok.csv'), `${HEADER}\n${ROW}\n`);
    expect(loadCatalog(join(folder, 'ok.csv')).cars).toHaveLength(1);
  });

  it('asks for business.catalog when the tenant has none', () => {
    expect(errorOf(() => tenantCatalog(autosTenant({ business: {} }), folder)).message).toBe(
      'tenant "autos": the catalog skill needs business.catalog — give the path of the catalog CSV',
    );
  });
});
