import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { OrquestaError } from '../core/errors.ts';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/orquesta.db';

export interface OrquestaDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The URL without its password, for logs. */
  description: string;
  close(): Promise<void>;
}

/**
 * Opens the database a `DATABASE_URL` names: `postgres://…` (or `postgresql://…`), or `sqlite:<path>`
 * (`sqlite::memory:` for a private in-memory database). A SQLite file's folder is created when missing.
 */
export function createDatabase(url: string = DEFAULT_DATABASE_URL): OrquestaDatabase {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url);
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  throw new OrquestaError(
    'invalid_config',
    `DATABASE_URL "${redactUrl(url)}" is not supported: use postgres://user@host:5432/name or sqlite:./data/orquesta.db`,
  );
}

function openSqlite(path: string): OrquestaDatabase {
  const memory = path === ':memory:' || path === '';
  const file = memory ? ':memory:' : resolve(path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', description: `sqlite:${file}`, close: () => db.destroy() };
}

function openPostgres(url: string): OrquestaDatabase {
  // COUNT(*) and bigserial ids arrive as int8; they stay far below 2^53 here, so numbers are safe.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
  });
  return { db, dialect: 'postgres', description: redactUrl(url), close: () => db.destroy() };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
