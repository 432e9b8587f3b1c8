/** For tests: the demo dealer's catalog, tenant and understanding (its real lookups and entity extractor). */
import { resolve } from 'node:path';
import { lookupsFromCatalog, mergeLookups } from '../../nlu/business-lookups.ts';
import { createEntityExtractor } from '../../nlu/entities/index.ts';
import type { ParseResult } from '../../nlu/parse-result.ts';
import { readTrainingData } from '../../nlu/training-data.ts';
import { tenantSchema, type TenantConfig } from '../../tenancy/config-schema.ts';
import { createTestDatabase } from '../../../test/support/databases.ts';
import { createDatabase } from '../../storage/database.ts';
import type { DialectName } from '../../storage/dialect.ts';
import type { ToolContext } from '../tool.ts';
import { loadCatalog } from './catalog.ts';

export const DEMO_AUTOS = resolve(import.meta.dirname, '../../../examples/demo/autos');
export const DEMO_CATALOG_PATH = resolve(DEMO_AUTOS, 'catalogo.csv');

/** Monday 23 November 2026, 09:00 in Mexico City. */
export const DEMO_CONTEXT = { now: new Date('2026-11-23T09:00:00-06:00'), timezone: 'America/Mexico_City' };

export const demoCatalog = loadCatalog(DEMO_CATALOG_PATH);

export function autosTenant(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return tenantSchema.parse({
    id: 'autos',
    name: 'Autos Confianza',
    timezone: 'America/Mexico_City',
    currency: 'MXN',
    business: { catalog: 'autos/catalogo.csv' },
    ...overrides,
  });
}

const training = readTrainingData(resolve(DEMO_AUTOS, 'nlu.yml'));
const extractor = createEntityExtractor({
  lookups: mergeLookups(training, lookupsFromCatalog(DEMO_CATALOG_PATH)),
  regexes: training.regexes,
  synonyms: training.synonyms,
});

/** A message as the demo dealer's NLU reads it (entities only; the intent does not matter here). */
export function understand(text: string): ParseResult {
  return {
    text,
    intent: { name: null, confidence: 0 },
    intent_ranking: [],
    entities: extractor.extract(text, DEMO_CONTEXT),
  };
}

/**
 * Runs `body` with a tool context on a real database of `dialect` (the catalog and financing tools only
 * read the catalog, but their context carries the turn's database like every tool's).
 */
export async function withToolContext<T>(
  dialect: DialectName,
  body: (context: ToolContext) => Promise<T>,
): Promise<T> {
  const database = await createTestDatabase(dialect);
  const opened = createDatabase(database.url);
  try {
    return await body({ tenant: autosTenant(), contactId: 'ct_1', now: DEMO_CONTEXT.now, db: opened.db });
  } finally {
    await opened.close();
    await database.drop();
  }
}
