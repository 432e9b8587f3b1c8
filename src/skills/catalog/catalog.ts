/**
 * The car catalog: a dealer's CSV (`business.catalog` of the tenant), read with csv-parse and checked row
 * by row, so that a bad cell is reported with its line and column instead of reaching a customer.
 */
import { readTextFile } from '../../core/read-text-file.ts';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { bodyTypeNamed, deriveBodyType, type BodyType } from './body-types.ts';

export interface Car {
  stockId: string;
  make: string;
  model: string;
  year: number;
  version: string;
  /** Price in the tenant's currency, whole units. */
  price: number;
  km: number;
  bluetooth: boolean;
  carPlay: boolean;
  /** Length, width and height in metres. */
  dimensions: { length: number; width: number; height: number };
  /** Undefined when neither the CSV, the version nor the model table says (see body-types.ts). */
  bodyType: BodyType | undefined;
}

export interface Catalog {
  /** Where the catalog was read from, for messages. */
  readonly source: string;
  readonly cars: readonly Car[];
  byStockId(stockId: string): Car | undefined;
}

const REQUIRED_COLUMNS = [
  'stock_id',
  'km',
  'price',
  'make',
  'model',
  'year',
  'version',
  'bluetooth',
  'largo',
  'ancho',
  'altura',
  'car_play',
] as const;

const YES = new Set(['si', 'sí', 'yes', 'true', '1', 'x']);
const NO = new Set(['no', 'false', '0', '']);

const text = (hint: string) => z.string().min(1, `is empty — ${hint}`);
const wholeNumber = (hint: string) =>
  z.string().regex(/^\d+$/, `is not a whole number — ${hint}`).transform(Number);
const metres = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'is not a measure in metres — write it with a decimal point, e.g. 4.328')
  .transform(Number);
const yesNo = z
  .string()
  .refine((value) => YES.has(value.toLowerCase()) || NO.has(value.toLowerCase()), {
    message: 'is not Sí or No — write Sí or No',
  })
  .transform((value) => YES.has(value.toLowerCase()));

const rowSchema = z.object({
  stock_id: text('give every car its stock id'),
  km: wholeNumber('write the kilometres without separators, e.g. 45200'),
  price: wholeNumber('write the price in whole pesos without separators, e.g. 318000').refine(
    (price) => price > 0,
    'is zero — write the price of the car',
  ),
  make: text('write the make, e.g. Toyota'),
  model: text('write the model, e.g. Corolla'),
  year: wholeNumber('write the model year, e.g. 2019').refine(
    (year) => year >= 1900 && year <= 2100,
    'is not a model year — write four digits, e.g. 2019',
  ),
  version: z.string(),
  bluetooth: yesNo,
  largo: metres,
  ancho: metres,
  altura: metres,
  car_play: yesNo,
  body_type: z.string().optional(),
  carroceria: z.string().optional(),
});

/** Parses a catalog CSV. Throws `invalid_config` naming the line and column of the first bad cell. */
export function parseCatalog(csv: string, source: string): Catalog {
  const records = readRecords(csv, source);
  const cars: Car[] = [];
  const byId = new Map<string, Car>();
  for (const { record, line } of records) {
    const row = rowSchema.safeParse(record);
    if (!row.success) {
      const issue = row.error.issues[0]!;
      const column = String(issue.path[0]);
      throw new OrquestaError(
        'invalid_config',
        `${source}:${line}, column "${column}": "${record[column] ?? ''}" ${issue.message}`,
      );
    }
    const value = row.data;
    if (byId.has(value.stock_id)) {
      throw new OrquestaError(
        'invalid_config',
        `${source}:${line}, column "stock_id": "${value.stock_id}" is used twice — give each car its own stock id`,
      );
    }
    const named = value.body_type || value.carroceria;
    const bodyType = named ? bodyTypeNamed(named) : deriveBodyType(value.make, value.model, value.version);
    if (named && !bodyType) {
      throw new OrquestaError(
        'invalid_config',
        `${source}:${line}, column "${value.body_type ? 'body_type' : 'carroceria'}": "${named}" is not a body type — use sedan, suv, hatchback, pickup, minivan or coupe`,
      );
    }
    const car: Car = {
      stockId: value.stock_id,
      make: value.make,
      model: value.model,
      year: value.year,
      version: value.version,
      price: value.price,
      km: value.km,
      bluetooth: value.bluetooth,
      carPlay: value.car_play,
      dimensions: { length: value.largo, width: value.ancho, height: value.altura },
      bodyType,
    };
    cars.push(car);
    byId.set(car.stockId, car);
  }
  return { source, cars, byStockId: (stockId) => byId.get(stockId.trim()) };
}

/** Reads and parses a catalog file. */
export function loadCatalog(path: string): Catalog {
  const csv = readTextFile(
    path,
    'invalid_config',
    'the catalog',
    'check business.catalog in the configuration',
  );
  return parseCatalog(csv, path);
}

const loaded = new Map<string, Catalog>();

/**
 * The catalog of a tenant's `business.catalog` (relative to the configuration's folder), read once per
 * file and process. Throws `invalid_config` when the tenant has no catalog.
 */
export function tenantCatalog(tenant: TenantConfig, baseDir: string): Catalog {
  const file = tenant.business.catalog;
  if (typeof file !== 'string' || file === '') {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": the catalog skill needs business.catalog — give the path of the catalog CSV`,
    );
  }
  const path = resolve(baseDir, file);
  let catalog = loaded.get(path);
  if (!catalog) {
    catalog = loadCatalog(path);
    loaded.set(path, catalog);
  }
  return catalog;
}

function readRecords(csv: string, source: string): { record: Record<string, string>; line: number }[] {
  const checkHeader = (header: string[]) => {
    const names = header.map((name) => name.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
    if (missing.length > 0) {
      throw new OrquestaError(
        'invalid_config',
        `${source}:1 has no column ${missing.map((column) => `"${column}"`).join(', ')} — the first line must name ${REQUIRED_COLUMNS.join(',')}`,
      );
    }
    return names;
  };
  try {
    const rows: { record: Record<string, string>; info: { lines: number } }[] = parse(csv, {
      columns: checkHeader,
      info: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
    });
    return rows.map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    if (error instanceof OrquestaError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new OrquestaError(
      'invalid_config',
      `${source}${line ? `:${line}` : ''} is not a valid CSV: ${(error as Error).message} — every row needs the same columns as the first line`,
      { cause: error },
    );
  }
}

/** The car with that stock id, or `not_found` saying where valid ids come from (for tools' inputs). */
export function carOrThrow(catalog: Catalog, stockId: string): Car {
  const car = catalog.byStockId(stockId);
  if (!car) {
    throw new OrquestaError(
      'not_found',
      `no car with stock id "${stockId}" in the catalog — use a stockId returned by search_cars`,
    );
  }
  return car;
}
