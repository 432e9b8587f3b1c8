import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.ts';
import * as initial from './migrations/0001-initial.ts';
import * as channels from './migrations/0002-channels.ts';
import * as appointments from './migrations/0003-appointments.ts';
import * as knowledge from './migrations/0004-knowledge.ts';
import * as handoff from './migrations/0005-handoff.ts';
import * as orders from './migrations/0006-orders.ts';
import * as llmUsage from './migrations/0007-llm-usage.ts';
import * as knowledgeVectors from './migrations/0008-knowledge-vectors.ts';
import * as agents from './migrations/0009-agents.ts';
import type { Database } from './schema.ts';

interface Migration {
  up(db: Kysely<unknown>): Promise<void>;
}

/** Every migration, in order. Listed here rather than read from a folder so that they ship with the code. */
const MIGRATIONS: [name: string, migration: Migration][] = [
  ['0001-initial', initial],
  ['0002-channels', channels],
  ['0003-appointments', appointments],
  ['0004-knowledge', knowledge],
  ['0005-handoff', handoff],
  ['0006-orders', orders],
  ['0007-llm-usage', llmUsage],
  ['0008-knowledge-vectors', knowledgeVectors],
  ['0009-agents', agents],
];

/** An arbitrary constant naming the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_314_206_518;

/**
 * Brings the database to the newest schema; safe on every start and from several processes at once.
 *
 * Written here instead of using Kysely's Migrator because that one lists the tables of every schema in a
 * PostgreSQL database to find its own, which fails while another schema is being dropped and mistakes
 * another schema's bookkeeping for ours. This runner only touches the connection's current schema, in one
 * transaction: serialised by an advisory lock on PostgreSQL, by `BEGIN IMMEDIATE` on SQLite.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<{ applied: string[] }> {
  try {
    if (isPostgres(db)) {
      return await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
        return applyPending(trx);
      });
    }
    return await db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await applyPending(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
  } catch (error) {
    throw new Error(`database migration failed: ${(error as Error).message}`, { cause: error });
  }
}

async function applyPending(db: Kysely<Database>): Promise<{ applied: string[] }> {
  await db.schema
    .createTable('orquesta_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('applied_at', 'text', (column) => column.notNull())
    .execute();
  const rows = await sql<{ name: string }>`select name from orquesta_migrations`.execute(db);
  const done = new Set(rows.rows.map((row) => row.name));
  const applied: string[] = [];
  for (const [name, migration] of MIGRATIONS) {
    if (done.has(name)) continue;
    await migration.up(db as unknown as Kysely<unknown>);
    const at = new Date().toISOString();
    await sql`insert into orquesta_migrations (name, applied_at) values (${name}, ${at})`.execute(db);
    applied.push(name);
  }
  return { applied };
}
