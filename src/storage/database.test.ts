import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createDatabase, type OrquestaDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

describe('createDatabase', () => {
  it('refuses an unsupported URL with a message that says what to use, hiding the password', () => {
    expect(() => createDatabase('mysql://root:hunter2@localhost/db')).toThrow(
      /not supported: use postgres:\/\/.* or sqlite:/,
    );
    expect(() => createDatabase('mysql://root:hunter2@localhost/db')).not.toThrow(/hunter2/);
  });
});

describe.each(DIALECTS)('storage on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: OrquestaDatabase;

  async function open(): Promise<OrquestaDatabase> {
    testDatabase = await createTestDatabase(dialect);
    database = createDatabase(testDatabase.url);
    await migrateToLatest(database.db);
    return database;
  }

  afterEach(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('migrates once; running the migrations again changes nothing', async () => {
    const { db } = await open();
    const again = await migrateToLatest(db);
    expect(again.applied).toEqual([]);
    const tables = ['tenants', 'connections', 'contacts', 'conversations', 'messages', 'turns', 'events'];
    for (const table of tables) {
      const row = await sql<{ count: number }>`select count(*) as count from ${sql.table(table)}`.execute(db);
      expect(Number(row.rows[0]?.count)).toBe(0);
    }
  });

  const postgresOnly = dialect === 'postgres' ? it : () => undefined;
  postgresOnly('migrates its own schema when another schema has been migrated', async () => {
    const neighbour = await createTestDatabase('postgres');
    const other = createDatabase(neighbour.url);
    try {
      const { applied } = await migrateToLatest(other.db);
      const { db } = await open();
      const tables = await sql<{ n: number }>`select count(*) as n from orquesta_migrations`.execute(db);
      expect(applied.length).toBeGreaterThan(0);
      expect(Number(tables.rows[0]?.n)).toBe(applied.length);
    } finally {
      await other.close();
      await neighbour.drop();
    }
  });

  it('stores a provider message id once per connection and direction', async () => {
    const { db } = await open();
    await seedConversation(db);
    const message = {
      tenant_id: 't',
      conversation_id: 'conv_1',
      contact_id: 'ct_1',
      connection_id: 'whatsapp',
      direction: 'in' as const,
      provider_message_id: 'wamid.1',
      kind: 'text',
      text: 'hola',
      payload: '{}',
      status: 'received',
      trace_id: 'trc_1',
      created_at: '2026-11-23T14:00:00.000Z',
      updated_at: '2026-11-23T14:00:00.000Z',
    };
    await db.insertInto('messages').values(message).execute();
    await expect(db.insertInto('messages').values(message).execute()).rejects.toThrow(/unique/i);
    // The same id on another connection, or outbound, is a different message.
    await db
      .insertInto('messages')
      .values({ ...message, connection_id: 'twilio' })
      .execute();
    await db
      .insertInto('messages')
      .values({ ...message, direction: 'out' })
      .execute();
    // Outbound rows have no provider id until sent; many may wait at once.
    await db
      .insertInto('messages')
      .values({ ...message, direction: 'out', provider_message_id: null })
      .execute();
    await db
      .insertInto('messages')
      .values({ ...message, direction: 'out', provider_message_id: null })
      .execute();
    const count = await db
      .selectFrom('messages')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(5);
  });

  it('allows one open conversation per contact, and any number of closed ones', async () => {
    const { db } = await open();
    await seedConversation(db);
    const conversation = {
      id: 'conv_2',
      tenant_id: 't',
      contact_id: 'ct_1',
      connection_id: 'whatsapp',
      status: 'bot',
      state: '{}',
      created_at: '2026-11-23T14:00:00.000Z',
      last_message_at: '2026-11-23T14:00:00.000Z',
    };
    await expect(db.insertInto('conversations').values(conversation).execute()).rejects.toThrow(/unique/i);
    await db
      .updateTable('conversations')
      .set({ closed_at: '2026-11-23T15:00:00.000Z' })
      .where('id', '=', 'conv_1')
      .execute();
    await db.insertInto('conversations').values(conversation).execute();
    const stillOpen = await db
      .selectFrom('conversations')
      .select('id')
      .where('closed_at', 'is', null)
      .execute();
    expect(stillOpen).toEqual([{ id: 'conv_2' }]);
  });
});

async function seedConversation(db: OrquestaDatabase['db']): Promise<void> {
  const at = '2026-11-23T14:00:00.000Z';
  await db
    .insertInto('tenants')
    .values({
      id: 't',
      name: 'T',
      locale: 'es',
      timezone: 'America/Bogota',
      currency: 'COP',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('contacts')
    .values({
      id: 'ct_1',
      tenant_id: 't',
      connection_id: 'whatsapp',
      external_id: '573001',
      created_at: at,
      last_seen_at: at,
    })
    .execute();
  await db
    .insertInto('conversations')
    .values({
      id: 'conv_1',
      tenant_id: 't',
      contact_id: 'ct_1',
      connection_id: 'whatsapp',
      status: 'bot',
      state: '{}',
      created_at: at,
      last_message_at: at,
    })
    .execute();
}

// better-sqlite3 is synchronous, so SQLite connections in one process cannot wait on each other; the
// process tests cover several processes on one SQLite file.
describe.each(DIALECTS.filter((dialect) => dialect === 'postgres'))(
  'concurrent migrations on %s',
  (dialect) => {
    it('leave one schema when several connections migrate one database at once', async () => {
      const testDatabase = await createTestDatabase(dialect);
      const databases = Array.from({ length: 4 }, () => createDatabase(testDatabase.url));
      try {
        const results = await Promise.all(databases.map((database) => migrateToLatest(database.db)));
        expect(results.flatMap((result) => result.applied)).toEqual([
          '0001-initial',
          '0002-channels',
          '0003-appointments',
          '0004-knowledge',
          '0005-handoff',
          '0006-orders',
          '0007-llm-usage',
          '0008-knowledge-vectors',
          '0009-agents',
        ]);
      } finally {
        await Promise.all(databases.map((database) => database.close()));
        await testDatabase.drop();
      }
    });
  },
);
