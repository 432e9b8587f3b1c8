/**
 * Exactly-once across a crash: a process killed between a turn's decision and its commit leaves nothing
 * behind, and the turn is run again, once, by the next process on the same database — one restarted after
 * the crash, or a peer that was already running and takes over when the dead process's lease expires.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type OrquestaDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { spawnServer, stopAllServers, waitFor, type SpawnedServer } from '../support/spawn-server.ts';

describe.each(DIALECTS)('crash recovery on %s', (dialect) => {
  let database: TestDatabase | undefined;
  let handle: OrquestaDatabase | undefined;

  afterEach(async () => {
    await stopAllServers();
    await handle?.close();
    await database?.drop();
    handle = undefined;
    database = undefined;
  });

  /** Starts a process that holds every turn `delayMs` before its commit, and sends it a greeting. */
  async function startTurnThatWillCrash(delayMs: number) {
    database = await createTestDatabase(dialect);
    const crashing = await spawnServer({
      databaseUrl: database.url,
      env: { ORQUESTA_FAULT_DELAY_BEFORE_COMMIT_MS: String(delayMs), ORQUESTA_LEASE_MS: '1500' },
    });
    handle = createDatabase(database.url);
    const { db } = handle;

    const accepted = await crashing.post('clinica', { from: '573001', text: 'hola', wait: false });
    expect(accepted.status).toBe(202);
    const { messageId, conversationId } = accepted.body as { messageId: number; conversationId: string };

    const owner = await waitFor('the conversation to be leased', async () => {
      const row = await db
        .selectFrom('conversations')
        .select('lease_owner')
        .where('id', '=', conversationId)
        .executeTakeFirst();
      return row?.lease_owner;
    });
    expect(owner).toContain(`:${crashing.pid}:`);
    return { db, crashing, messageId, url: database.url };
  }

  /** Kills the process mid-turn and checks that nothing of the turn was written. */
  async function crash(db: Kysely<Database>, crashing: SpawnedServer): Promise<void> {
    await crashing.kill('SIGKILL');
    expect(await db.selectFrom('turns').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('events').select('id').execute()).toEqual([]);
    expect(
      await db.selectFrom('messages').select(['direction', 'processed_at', 'turn_id']).execute(),
    ).toEqual([{ direction: 'in', processed_at: null, turn_id: null }]);
  }

  /** Waits for the message's turn and its sent reply, and checks each exists exactly once. */
  async function expectAnsweredOnce(db: Kysely<Database>, messageId: number): Promise<string> {
    const turnId = await waitFor('the interrupted message to be processed', async () => {
      const row = await db
        .selectFrom('messages')
        .select(['turn_id', 'processed_at'])
        .where('id', '=', messageId)
        .executeTakeFirst();
      return row?.processed_at ? row.turn_id : undefined;
    });
    const outbound = await waitFor('the reply to be sent', async () => {
      const rows = await db
        .selectFrom('messages')
        .select(['turn_id', 'status', 'text'])
        .where('direction', '=', 'out')
        .execute();
      return rows.length > 0 && rows.every((row) => row.status === 'sent') ? rows : undefined;
    });

    expect(await db.selectFrom('turns').select(['id', 'intent']).execute()).toEqual([
      { id: turnId, intent: 'saludo' },
    ]);
    expect(
      await db
        .selectFrom('messages')
        .select(['id', 'turn_id', 'status'])
        .where('direction', '=', 'in')
        .execute(),
    ).toEqual([{ id: messageId, turn_id: turnId, status: 'processed' }]);
    expect(outbound).toEqual([{ turn_id: turnId, status: 'sent', text: expect.stringContaining('Hola') }]);
    expect(
      await db.selectFrom('events').select('turn_id').where('type', '=', 'turn-committed').execute(),
    ).toEqual([{ turn_id: turnId }]);
    return turnId;
  }

  it('replays a turn whose process was killed before the commit, exactly once, after a restart', async () => {
    const { db, crashing, messageId, url } = await startTurnThatWillCrash(4000);
    await crash(db, crashing);

    const restarted = await spawnServer({ databaseUrl: url });
    await expectAnsweredOnce(db, messageId);
    expect(restarted.logRecords().filter((record) => Number(record.level) >= 50)).toEqual([]);
  });

  it('lets a running peer take over the turn of a killed process once its lease expires', async () => {
    // The turn is held long enough for the peer to start while the first process is still alive, so the
    // peer cannot free the lease at its start: it must wait for the lease to expire.
    const { db, crashing, messageId, url } = await startTurnThatWillCrash(30_000);
    const peer = await spawnServer({ databaseUrl: url, env: { LOG_LEVEL: 'info' } });
    await crash(db, crashing);

    const turnId = await expectAnsweredOnce(db, messageId);
    const committedByPeer = () =>
      peer
        .logRecords()
        .filter((record) => record.msg === 'turn committed')
        .map((record) => record.turnId);
    await waitFor('the peer to log the turn', async () => committedByPeer().length > 0, { timeoutMs: 5_000 });
    expect(committedByPeer()).toEqual([turnId]);
    expect(peer.logRecords().filter((record) => Number(record.level) >= 50)).toEqual([]);
  });
});
