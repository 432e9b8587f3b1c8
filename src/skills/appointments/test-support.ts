/** Shared setup of the appointments tests: the demo clinic's data and a migrated database with contacts. */
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { DEMO_DIR, testTenant } from '../../../test/support/test-config.ts';
import { createDatabase, type OrquestaDatabase } from '../../storage/database.ts';
import type { DialectName } from '../../storage/dialect.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import { syncTenants } from '../../storage/repositories/tenants.ts';
import type { Database } from '../../storage/schema.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { loadBusinessData, type BusinessData } from './business-data.ts';

export const TIMEZONE = 'America/Bogota';
export const DEMO_BUSINESS_FILE = resolve(DEMO_DIR, 'clinica/negocio.yaml');

export function demoBusinessData(): BusinessData {
  return loadBusinessData(DEMO_BUSINESS_FILE);
}

/** An instant written on Bogotá's wall clock: `bogota('2026-11-24T10:00')`. */
export function bogota(local: string): Date {
  return new Date(`${local}:00.000-05:00`);
}

export interface AppointmentsTestDatabase {
  db: Kysely<Database>;
  tenant: TenantConfig;
  /** Opens another connection pool on the same database (for concurrent transactions). */
  openAnother(): OrquestaDatabase;
  close(): Promise<void>;
}

/** A migrated database holding the `clinica` tenant and the contacts `ct_ana`, `ct_beto` and `ct_carla`. */
export async function openAppointmentsDatabase(dialect: DialectName): Promise<AppointmentsTestDatabase> {
  const testDatabase: TestDatabase = await createTestDatabase(dialect);
  const database = createDatabase(testDatabase.url);
  const others: OrquestaDatabase[] = [];
  await migrateToLatest(database.db);
  const tenant = testTenant();
  const at = new Date('2026-11-01T00:00:00.000Z');
  await syncTenants(database.db, [tenant], at);
  for (const name of ['ana', 'beto', 'carla']) {
    await database.db
      .insertInto('contacts')
      .values({
        id: `ct_${name}`,
        tenant_id: tenant.id,
        connection_id: 'test',
        external_id: name,
        name,
        phone: null,
        email: null,
        created_at: at.toISOString(),
        last_seen_at: at.toISOString(),
      })
      .execute();
  }
  return {
    db: database.db,
    tenant,
    openAnother() {
      const another = createDatabase(testDatabase.url);
      others.push(another);
      return another;
    },
    async close() {
      for (const other of others) await other.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
