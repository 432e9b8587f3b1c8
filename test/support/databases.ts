/**
 * The database engines every storage test runs on. SQLite always; PostgreSQL when DATABASE_URL (or
 * TEST_POSTGRES_URL) names one, as it does in CI. Each test gets a database of its own: a temporary
 * SQLite file, or a fresh PostgreSQL schema dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase } from '../../src/storage/database.ts';
import type { DialectName } from '../../src/storage/dialect.ts';

const postgresUrl = [process.env.TEST_POSTGRES_URL, process.env.DATABASE_URL].find((url) =>
  url?.startsWith('postgres'),
);

export const DIALECTS: DialectName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

if (!postgresUrl && !process.env.VITEST_POSTGRES_NOTICE_SHOWN) {
  process.env.VITEST_POSTGRES_NOTICE_SHOWN = '1';
  console.warn(
    'PostgreSQL tests not defined: set DATABASE_URL=postgres://… to run every storage test on both engines',
  );
}

export interface TestDatabase {
  url: string;
  dialect: DialectName;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'orquesta-test-'));
    return {
      url: `sqlite:${join(folder, 'orquesta.db')}`,
      dialect,
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) throw new Error('no PostgreSQL configured for tests');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase(postgresUrl);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const separator = postgresUrl.includes('?') ? '&' : '?';
  return {
    url: `${postgresUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    dialect,
    async drop() {
      const cleanup = createDatabase(postgresUrl);
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}
