import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createDatabase, type OrquestaDatabase } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { releaseLeasesOfDeadProcesses } from './stale-leases.ts';

describe.each(DIALECTS)('releaseLeasesOfDeadProcesses on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: OrquestaDatabase;
  afterEach(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it("frees only the leases of this host's processes that no longer exist", async () => {
    testDatabase = await createTestDatabase(dialect);
    database = createDatabase(testDatabase.url);
    await migrateToLatest(database.db);
    const { db } = database;
    const at = '2026-11-23T14:00:00.000Z';
    const future = '2099-01-01T00:00:00.000Z';
    await db
      .insertInto('tenants')
      .values({
        id: 't',
        name: 'T',
        locale: 'es',
        timezone: 'UTC',
        currency: 'COP',
        created_at: at,
        updated_at: at,
      })
      .execute();
    const owners = {
      dead: 'host-a:2147483646:aaaaaa',
      alive: `host-a:${process.pid}:bbbbbb`,
      otherHost: 'host-b:2147483646:cccccc',
    };
    for (const [name, owner] of Object.entries(owners)) {
      await db
        .insertInto('contacts')
        .values({
          id: `ct_${name}`,
          tenant_id: 't',
          connection_id: 'c',
          external_id: name,
          created_at: at,
          last_seen_at: at,
        })
        .execute();
      await db
        .insertInto('conversations')
        .values({
          id: `conv_${name}`,
          tenant_id: 't',
          contact_id: `ct_${name}`,
          connection_id: 'c',
          status: 'bot',
          state: '{}',
          created_at: at,
          last_message_at: at,
          next_turn_at: at,
          lease_owner: owner,
          lease_expires_at: future,
        })
        .execute();
    }

    expect(await releaseLeasesOfDeadProcesses(db, 'host-a')).toBe(1);
    const rows = await db.selectFrom('conversations').select(['id', 'lease_owner']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'conv_alive', lease_owner: owners.alive },
      { id: 'conv_dead', lease_owner: null },
      { id: 'conv_otherHost', lease_owner: owners.otherHost },
    ]);
  });
});
