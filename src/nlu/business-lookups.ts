/**
 * Entity lookup tables built from a tenant's data: its business files (services and professionals of a
 * clinic's `negocio.yaml`, makes and models of a dealer's catalog CSV) merged with the `lookup:` and
 * `synonym:` blocks of its `nlu.yml`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OrquestaError } from '../core/errors.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import type { LookupEntry } from './entities/index.ts';
import { normalizeText } from './normalize-text.ts';
import type { TrainingData } from './training-data.ts';

export type Lookups = Record<string, LookupEntry[]>;

const businessFilesSchema = z
  .object({
    data: z.string().min(1).optional(),
    catalog: z.string().min(1).optional(),
  })
  .loose();

const namedItems = z
  .array(
    z
      .object({
        id: z.union([z.string(), z.number()]).transform(String),
        nombre: z.string().optional(),
        name: z.string().optional(),
      })
      .loose(),
  )
  .optional();

const businessDataSchema = z
  .object({
    servicios: namedItems,
    services: namedItems,
    profesionales: namedItems,
    professionals: namedItems,
  })
  .loose();

/** Courtesy titles left out of a professional's short names: "Dra. Laura Gómez" is also "Laura Gómez" and "Laura". */
const TITLE = /^(dra?|doctora?|lic|licda?|ing|sra?|srta|mr|mrs|ms)\.?\s+/i;

/**
 * The lookups a tenant's business files give: `service` and `professional` (value: the id; synonyms:
 * the names) from `business.data`, and `make` and `model` (value: as the catalog writes it) from
 * `business.catalog`. Paths are relative to the configuration's folder.
 */
export function readBusinessLookups(tenant: TenantConfig, baseDir: string): Lookups {
  const files = businessFilesSchema.safeParse(tenant.business);
  if (!files.success) {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": business.data and business.catalog must be file paths — ${z.prettifyError(files.error)}`,
    );
  }
  const lookups: Lookups = {};
  if (files.data.data) Object.assign(lookups, lookupsFromBusinessData(resolve(baseDir, files.data.data)));
  if (files.data.catalog) Object.assign(lookups, lookupsFromCatalog(resolve(baseDir, files.data.catalog)));
  return lookups;
}

/** Services and professionals of a business data file (`negocio.yaml`). */
export function lookupsFromBusinessData(path: string): Lookups {
  let document: unknown;
  try {
    document = parseYaml(readText(path, 'business data'));
  } catch (error) {
    if (error instanceof OrquestaError) throw error;
    throw new OrquestaError('invalid_config', `${path} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const result = businessDataSchema.safeParse(document ?? {});
  if (!result.success) {
    throw new OrquestaError(
      'invalid_config',
      `${path}: services and professionals must be lists of { id, nombre } — ${z.prettifyError(result.error)}`,
    );
  }
  const services = result.data.servicios ?? result.data.services ?? [];
  const professionals = result.data.profesionales ?? result.data.professionals ?? [];
  const lookups: Lookups = {};
  if (services.length > 0) {
    lookups.service = services.map((service) => entry(service.id, [service.nombre ?? service.name]));
  }
  if (professionals.length > 0) {
    lookups.professional = professionals.map((professional) => {
      const name = professional.nombre ?? professional.name;
      const untitled = name?.replace(TITLE, '');
      return entry(professional.id, [name, untitled, untitled?.split(/\s+/)[0]]);
    });
  }
  return lookups;
}

/** Makes and models of a catalog CSV with `make` and `model` (or `marca` and `modelo`) columns. */
export function lookupsFromCatalog(path: string): Lookups {
  const rows = parseCsv(readText(path, 'catalog'));
  const header = (rows[0] ?? []).map((name) => name.trim().toLowerCase());
  const makeColumn = header.findIndex((name) => name === 'make' || name === 'marca');
  const modelColumn = header.findIndex((name) => name === 'model' || name === 'modelo');
  if (makeColumn < 0 || modelColumn < 0) {
    throw new OrquestaError(
      'invalid_config',
      `${path}:1 has no "make" and "model" columns — name them in the first line of the catalog`,
    );
  }
  const makes = new Map<string, LookupEntry>();
  const models = new Map<string, LookupEntry>();
  for (const row of rows.slice(1)) {
    const make = row[makeColumn]?.trim();
    const model = row[modelColumn]?.trim();
    if (make && !makes.has(normalizeText(make))) makes.set(normalizeText(make), entry(make, []));
    if (model && !models.has(normalizeText(model))) {
      // People write "CX-5" as "cx5" and "Mazda 3" as "mazda3".
      const compact = /[-\s]/.test(model) ? model.replace(/[-\s]+/g, '') : undefined;
      models.set(normalizeText(model), entry(model, [compact]));
    }
  }
  return { make: [...makes.values()], model: [...models.values()] };
}

/**
 * Joins lookup tables: the business files' and the `lookup:` blocks of the training data, entry by
 * entry (one entry per value, compared without case or accents), then adds each `synonym:` of the
 * training data to the entries whose value it names.
 */
export function mergeLookups(training: TrainingData, ...sources: Lookups[]): Lookups {
  const merged = new Map<string, Map<string, { value: string; synonyms: Map<string, string> }>>();
  const add = (entity: string, value: string, synonyms: (string | undefined)[]) => {
    const entries = merged.get(entity) ?? new Map();
    merged.set(entity, entries);
    const key = normalizeText(value);
    const existing = entries.get(key) ?? { value, synonyms: new Map<string, string>() };
    entries.set(key, existing);
    for (const synonym of synonyms) {
      const synonymKey = synonym === undefined ? '' : normalizeText(synonym);
      if (synonym && synonymKey !== '' && synonym !== value && !existing.synonyms.has(synonymKey)) {
        existing.synonyms.set(synonymKey, synonym);
      }
    }
  };
  for (const source of sources) {
    for (const [entity, entries] of Object.entries(source)) {
      for (const item of entries) add(entity, item.value, item.synonyms ?? []);
    }
  }
  for (const [entity, values] of Object.entries(training.lookups)) {
    for (const value of values) add(entity, value, []);
  }
  for (const [written, canonical] of Object.entries(training.synonyms)) {
    for (const entries of merged.values()) {
      const synonyms = entries.get(normalizeText(canonical))?.synonyms;
      if (synonyms && !synonyms.has(normalizeText(written))) synonyms.set(normalizeText(written), written);
    }
  }
  return Object.fromEntries(
    [...merged].map(([entity, entries]) => [
      entity,
      [...entries.values()].map(({ value, synonyms }) =>
        synonyms.size > 0 ? { value, synonyms: [...synonyms.values()] } : { value },
      ),
    ]),
  );
}

/**
 * Rows of a CSV text (RFC 4180: commas, double-quoted fields with `""` for a quote, CRLF or LF line
 * ends); blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index];
    if (quoted) {
      if (character === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n') endRow();
    else if (character !== '\r') field += character;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** An entry with its synonyms written as given; one per spelling (compared without case or accents). */
function entry(value: string, synonyms: (string | undefined)[]): LookupEntry {
  const unique = [
    ...new Map(
      synonyms
        .map((synonym) => synonym?.trim())
        .filter((synonym): synonym is string => !!synonym && synonym !== value)
        .reverse()
        .map((synonym) => [normalizeText(synonym), synonym]),
    ).values(),
  ].reverse();
  return unique.length > 0 ? { value, synonyms: unique } : { value };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new OrquestaError(
      'invalid_config',
      `${path}: cannot read the ${what} (${code}) — check the business section of the configuration`,
      { cause: error },
    );
  }
}
