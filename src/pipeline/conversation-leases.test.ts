import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createDatabase, type OrquestaDatabase } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { syncTenants } from '../storage/repositories/tenants.ts';
import type { Database } from '../storage/schema.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { testConfig } from '../../test/support/test-config.ts';
import { createConversationLeases } from './conversation-leases.ts';

const T0 = new Date('2026-11-23T14:00:00.000Z');
const LEASE_MS = 30_000;
const after = (ms: number) => new Date(T0.getTime() + ms);

/** Adds a conversation (and its contact) whose next turn is due at `nextTurnAt`. */
async function addConversation(
  db: Kysely<Database>,
  id: string,
  nextTurnAt: Date | null,
  lease: { owner: string; expiresAt: Date } | null = null,
): Promise<void> {
  const at = T0.toISOString();
  await db
    .insertInto('contacts')
    .values({
      id: `ct_${id}`,
      tenant_id: 'clinica',
      connection_id: 'test',
      external_id: id,
      name: null,
      phone: null,
      email: null,
      created_at: at,
      last_seen_at: at,
    })
    .execute();
  await db
    .insertInto('conversations')
    .values({
      id,
      tenant_id: 'clinica',
      contact_id: `ct_${id}`,
      connection_id: 'test',
      status: 'bot',
      state: '{}',
      created_at: at,
      last_message_at: at,
      closed_at: null,
      next_turn_at: nextTurnAt?.toISOString() ?? null,
      lease_owner: lease?.owner ?? null,
      lease_expires_at: lease?.expiresAt.toISOString() ?? null,
    })
    .execute();
}

async function leaseOf(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('conversations')
    .select(['lease_owner', 'lease_expires_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe.each(DIALECTS)('conversation leases on %s', (dialect) => {
  let store: TestDatabase;
  let database: OrquestaDatabase;
  let db: Kysely<Database>;
  const extra: OrquestaDatabase[] = [];

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
    database = createDatabase(store.url);
    db = database.db;
    await migrateToLatest(db);
    await syncTenants(db, testConfig().config.tenants, T0);
  });
  afterEach(async () => {
    for (const other of extra.splice(0)) await other.close();
    await database.close();
    await store.drop();
  });

  it('claims only conversations whose next turn is due, the longest waiting first, up to the limit', async () => {
    await addConversation(db, 'conv_later', after(5_000));
    await addConversation(db, 'conv_idle', null);
    await addConversation(db, 'conv_b', after(-1_000));
    await addConversation(db, 'conv_a', after(-2_000));
    await addConversation(db, 'conv_now', T0);
    const leases = createConversationLeases(db, dialect, 'worker-a', LEASE_MS);

    expect(await leases.claimDue(T0, 0)).toEqual([]);
    // The two that have waited longest; in no particular order.
    expect((await leases.claimDue(T0, 2)).sort()).toEqual(['conv_a', 'conv_b']);
    expect(await leases.claimDue(T0, 10)).toEqual(['conv_now']);
    expect([...leases.held].sort()).toEqual(['conv_a', 'conv_b', 'conv_now']);
    expect(await leaseOf(db, 'conv_a')).toEqual({
      lease_owner: 'worker-a',
      lease_expires_at: after(LEASE_MS).toISOString(),
    });
    expect(await leaseOf(db, 'conv_later')).toEqual({ lease_owner: null, lease_expires_at: null });
    expect(await leaseOf(db, 'conv_idle')).toEqual({ lease_owner: null, lease_expires_at: null });

    expect(await leases.claimDue(after(5_000), 10)).toEqual(['conv_later']);
  });

  it('leaves a conversation leased by another owner alone until the lease expires', async () => {
    await addConversation(db, 'conv_1', T0);
    const a = createConversationLeases(db, dialect, 'worker-a', LEASE_MS);
    const b = createConversationLeases(db, dialect, 'worker-b', LEASE_MS);

    expect(await a.claimDue(T0, 10)).toEqual(['conv_1']);
    expect(await b.claimDue(T0, 10)).toEqual([]);
    expect(await b.claimDue(after(LEASE_MS - 1), 10)).toEqual([]);
    // Expiring exactly now still counts as held.
    expect(await b.claimDue(after(LEASE_MS), 10)).toEqual([]);
    expect((await leaseOf(db, 'conv_1')).lease_owner).toBe('worker-a');

    // Once it has expired (a crashed worker, say), another owner takes over.
    expect(await b.claimDue(after(LEASE_MS + 1), 10)).toEqual(['conv_1']);
    expect(await leaseOf(db, 'conv_1')).toEqual({
      lease_owner: 'worker-b',
      lease_expires_at: after(2 * LEASE_MS + 1).toISOString(),
    });
    expect(await a.claimDue(after(LEASE_MS + 2), 10)).toEqual([]);
  });

  it('claims a conversation whose stale lease was left by an owner that no longer exists', async () => {
    await addConversation(db, 'conv_1', after(-10_000), { owner: 'crashed', expiresAt: after(-1) });
    const leases = createConversationLeases(db, dialect, 'worker-a', LEASE_MS);
    expect(await leases.claimDue(T0, 10)).toEqual(['conv_1']);
    expect((await leaseOf(db, 'conv_1')).lease_owner).toBe('worker-a');
  });

  it('never hands out a conversation this process is still running, even when its lease lapsed', async () => {
    await addConversation(db, 'conv_1', T0);
    const leases = createConversationLeases(db, dialect, 'worker-a', LEASE_MS);
    expect(await leases.claimDue(T0, 10)).toEqual(['conv_1']);
    expect(await leases.claimDue(after(LEASE_MS + 1), 10)).toEqual([]);

    leases.release('conv_1');
    expect(leases.held.has('conv_1')).toBe(false);
    expect(await leases.claimDue(after(3 * LEASE_MS), 10)).toEqual(['conv_1']);
  });

  it('renews only the leases it owns', async () => {
    await addConversation(db, 'conv_a', T0);
    await addConversation(db, 'conv_b', T0);
    await addConversation(db, 'conv_lost', T0);
    const a = createConversationLeases(db, dialect, 'worker-a', LEASE_MS);
    const b = createConversationLeases(db, dialect, 'worker-b', LEASE_MS);
    expect(await a.claimDue(T0, 1)).toEqual(['conv_a']);
    expect(await b.claimDue(T0, 1)).toEqual(['conv_b']);
    expect(await a.claimDue(T0, 1)).toEqual(['conv_lost']);

    // worker-a stalls: its lease on conv_lost expires and worker-b takes it over.
    await db
      .updateTable('conversations')
      .set({ lease_expires_at: after(-1).toISOString() })
      .where('id', '=', 'conv_lost')
      .execute();
    expect(await b.claimDue(T0, 10)).toEqual(['conv_lost']);

    await a.renew(after(10_000));
    expect(await leaseOf(db, 'conv_a')).toEqual({
      lease_owner: 'worker-a',
      lease_expires_at: after(10_000 + LEASE_MS).toISOString(),
    });
    expect(await leaseOf(db, 'conv_b')).toEqual({
      lease_owner: 'worker-b',
      lease_expires_at: after(LEASE_MS).toISOString(),
    });
    expect(await leaseOf(db, 'conv_lost')).toEqual({
      lease_owner: 'worker-b',
      lease_expires_at: after(LEASE_MS).toISOString(),
    });

    // A renewed lease keeps other owners out past the original expiry.
    expect(await b.claimDue(after(LEASE_MS + 1), 10)).toEqual([]);
  });

  it('renews nothing when it holds nothing', async () => {
    await addConversation(db, 'conv_1', T0, { owner: 'worker-b', expiresAt: after(LEASE_MS) });
    await createConversationLeases(db, dialect, 'worker-a', LEASE_MS).renew(after(1_000));
    expect((await leaseOf(db, 'conv_1')).lease_expires_at).toBe(after(LEASE_MS).toISOString());
  });

  it('tells when the earliest future turn is due', async () => {
    const leases = createConversationLeases(db, dialect, 'worker-a', LEASE_MS);
    expect(await leases.nextDueAt(T0)).toBeNull();
    await addConversation(db, 'conv_past', after(-1_000));
    await addConversation(db, 'conv_idle', null);
    expect(await leases.nextDueAt(T0)).toBeNull();
    await addConversation(db, 'conv_late', after(9_000));
    await addConversation(db, 'conv_soon', after(1_500));
    expect(await leases.nextDueAt(T0)).toEqual(after(1_500));
  });

  it('never gives one conversation to two owners claiming at the same time', async () => {
    const count = 60;
    for (let index = 0; index < count; index++)
      await addConversation(db, `conv_${String(index).padStart(3, '0')}`, after(-index));
    // Separate connection pools, as two processes would have.
    const second = createDatabase(store.url);
    extra.push(second);
    const owners = ['worker-a', 'worker-b', 'worker-c'];
    const managers = [
      createConversationLeases(db, dialect, owners[0]!, LEASE_MS),
      createConversationLeases(second.db, dialect, owners[1]!, LEASE_MS),
      createConversationLeases(second.db, dialect, owners[2]!, LEASE_MS),
    ];

    const claimedBy = new Map<string, string>();
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(managers.map((manager) => manager.claimDue(T0, 7)));
      results.forEach((ids, index) => {
        for (const id of ids) {
          expect(claimedBy.get(id), `${id} claimed twice`).toBeUndefined();
          claimedBy.set(id, owners[index]!);
        }
      });
    }
    expect(claimedBy.size).toBe(count);

    const rows = await db.selectFrom('conversations').select(['id', 'lease_owner']).execute();
    for (const row of rows) expect(row.lease_owner).toBe(claimedBy.get(row.id));
  });
});
