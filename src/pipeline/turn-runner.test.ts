import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createManualClock } from '../core/clock.ts';
import { createTurnEngine, type TurnEngine } from '../dialogue/turn-engine.ts';
import { createExampleMatcher } from '../nlu/example-matcher.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createTenantSkills } from '../skills/index.ts';
import { createDatabase, type OrquestaDatabase } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { syncTenants } from '../storage/repositories/tenants.ts';
import type { Database } from '../storage/schema.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { DEMO_DIR } from '../../test/support/test-config.ts';
import { testConfig } from '../../test/support/test-config.ts';
import { createConversationLeases, type ConversationLeases } from './conversation-leases.ts';
import { ingestMessage } from './inbox.ts';
import { createTurnRunner, type TenantRuntime, type TurnRunnerOptions } from './turn-runner.ts';

const T0 = '2026-11-23T14:00:00.000Z';
const OWNER = 'worker-a';
const RETRY_DELAY_MS = 2_000;

const tenantConfig = testConfig().config.tenants[0]!;
const examples = [
  { text: 'hola', intent: 'saludo' },
  { text: 'chao', intent: 'despedida' },
];

/** The real engine for the clinica tenant, which throws for every turn while `failing` is set. */
function createFlakyEngine(db: Kysely<Database>) {
  const engine = createTurnEngine(
    tenantConfig,
    createTenantSkills(tenantConfig, { db, baseDir: DEMO_DIR }),
    createExampleMatcher(examples, 0.6),
  );
  const state = { failing: async (_text: string): Promise<boolean> => false, runs: 0 };
  const flaky: TurnEngine = {
    async run(input) {
      state.runs += 1;
      if (await state.failing(input.text)) throw new Error('the skill exploded');
      return engine.run(input);
    },
  };
  return { engine: flaky, state };
}

describe.each(DIALECTS)('turn runner on %s', (dialect) => {
  let store: TestDatabase;
  let database: OrquestaDatabase;
  let db: Kysely<Database>;
  let clock: ReturnType<typeof createManualClock>;
  let leases: ConversationLeases;
  let flaky: ReturnType<typeof createFlakyEngine>;
  let logLines: string[];

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
    database = createDatabase(store.url);
    db = database.db;
    await migrateToLatest(db);
    await syncTenants(db, [tenantConfig], new Date(T0));
    clock = createManualClock(T0);
    leases = createConversationLeases(db, dialect, OWNER, 30_000);
    flaky = createFlakyEngine(db);
    logLines = [];
  });
  afterEach(async () => {
    await database.close();
    await store.drop();
  });

  function runner(options: Partial<TurnRunnerOptions> & { debounceMs?: number } = {}) {
    const runtime: TenantRuntime = {
      id: 'clinica',
      debounceMs: options.debounceMs ?? 0,
      engine: flaky.engine,
    };
    return createTurnRunner({
      db,
      owner: OWNER,
      clock,
      logger: createLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk, _encoding, done) {
            logLines.push(String(chunk));
            done();
          },
        }),
      }),
      metrics: createMetrics(),
      tenants: new Map([['clinica', runtime]]),
      channelOf: () => 'test',
      capabilitiesOf: () => ({ maxTextLength: 4096 }),
      maxAttempts: 3,
      ...options,
    });
  }

  async function receive(text: string, debounceMs = 0) {
    return ingestMessage(db, {
      tenantId: 'clinica',
      message: { connectionId: 'test', providerMessageId: `msg-${text}`, from: '573001', kind: 'text', text },
      debounceMs,
      now: clock.now(),
    });
  }

  /** Claims the conversation as the pipeline would and runs one turn of it. */
  async function claimAndRun(run: ReturnType<typeof runner>, conversationId: string) {
    const claimed = await leases.claimDue(clock.now(), 10);
    expect(claimed).toEqual([conversationId]);
    try {
      return await run(conversationId);
    } finally {
      leases.release(conversationId);
    }
  }

  const inbound = () =>
    db
      .selectFrom('messages')
      .select(['id', 'text', 'status', 'attempts', 'processed_at', 'turn_id'])
      .where('direction', '=', 'in')
      .orderBy('id')
      .execute();
  const outbound = () =>
    db
      .selectFrom('messages')
      .select(['text', 'turn_id'])
      .where('direction', '=', 'out')
      .orderBy('id')
      .execute();
  const conversation = (id: string) =>
    db
      .selectFrom('conversations')
      .select(['lease_owner', 'lease_expires_at', 'next_turn_at', 'turn_count', 'state'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('commits a turn: the turn, its reply, the processed mark, and the lease given back', async () => {
    const { conversationId, messageId } = await receive('hola');
    const result = await claimAndRun(runner(), conversationId);
    expect(result).toEqual({
      committed: true,
      turnId: expect.stringMatching(/^turn_/),
      messageIds: [messageId],
    });
    if (!result.committed) return;

    expect(await inbound()).toEqual([
      {
        id: messageId,
        text: 'hola',
        status: 'processed',
        attempts: 0,
        processed_at: T0,
        turn_id: result.turnId,
      },
    ]);
    expect(await outbound()).toEqual([
      {
        text: '¡Hola! Soy el asistente virtual de Negocio clinica. ¿En qué te puedo ayudar?',
        turn_id: result.turnId,
      },
    ]);
    const turns = await db.selectFrom('turns').select(['id', 'intent', 'skill', 'outcome']).execute();
    expect(turns).toEqual([{ id: result.turnId, intent: 'saludo', skill: 'smalltalk', outcome: 'answered' }]);
    expect(await conversation(conversationId)).toMatchObject({
      lease_owner: null,
      lease_expires_at: null,
      next_turn_at: null,
      turn_count: 1,
    });
  });

  it('retries a turn whose engine failed, keeping its message, and answers it once the engine recovers', async () => {
    const run = runner();
    const { conversationId, messageId } = await receive('hola');
    flaky.state.failing = async () => true;

    expect(await claimAndRun(run, conversationId)).toEqual({ committed: false });
    expect(await inbound()).toEqual([
      { id: messageId, text: 'hola', status: 'received', attempts: 1, processed_at: null, turn_id: null },
    ]);
    expect(await conversation(conversationId)).toMatchObject({
      lease_owner: null,
      lease_expires_at: null,
      next_turn_at: new Date(Date.parse(T0) + RETRY_DELAY_MS).toISOString(),
    });
    expect(await db.selectFrom('turns').select('id').execute()).toEqual([]);
    expect(await outbound()).toEqual([]);
    expect(logLines.some((line) => line.includes('turn failed; it will be retried'))).toBe(true);

    // Not before the retry delay…
    expect(await leases.claimDue(clock.now(), 10)).toEqual([]);
    clock.advance(RETRY_DELAY_MS);
    flaky.state.failing = async () => false;
    // …but then it is answered, as if nothing had happened.
    const result = await claimAndRun(run, conversationId);
    expect(result).toMatchObject({ committed: true, messageIds: [messageId] });
    expect((await inbound())[0]).toMatchObject({ status: 'processed', attempts: 1 });
    expect(await outbound()).toHaveLength(1);
  });

  it('sets a message aside as failed after maxAttempts, and answers the next message of the conversation', async () => {
    const run = runner();
    const first = await receive('boom');
    const second = await receive('hola');
    flaky.state.failing = async (text) => text.includes('boom');

    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await claimAndRun(run, first.conversationId)).toEqual({ committed: false });
      clock.advance(RETRY_DELAY_MS);
    }
    const [failed, waiting] = await inbound();
    expect(failed).toEqual({
      id: first.messageId,
      text: 'boom',
      status: 'failed',
      attempts: 3,
      processed_at: new Date(Date.parse(T0) + 2 * RETRY_DELAY_MS).toISOString(),
      turn_id: null,
    });
    expect(waiting).toMatchObject({
      id: second.messageId,
      status: 'received',
      attempts: 0,
      processed_at: null,
    });

    const result = await claimAndRun(run, first.conversationId);
    expect(result).toMatchObject({ committed: true, messageIds: [second.messageId] });
    expect(await outbound()).toEqual([
      { text: expect.stringMatching(/^¡Hola!/), turn_id: expect.any(String) },
    ]);
    expect(flaky.state.runs).toBe(4);
    expect((await conversation(first.conversationId)).next_turn_at).toBeNull();
    expect(await leases.claimDue(clock.now(), 10)).toEqual([]);
  });

  it('gives up the conversation when nothing else waits after a failure', async () => {
    const run = runner({ maxAttempts: 1 });
    const { conversationId } = await receive('boom');
    flaky.state.failing = async () => true;
    expect(await claimAndRun(run, conversationId)).toEqual({ committed: false });
    expect((await inbound())[0]).toMatchObject({ status: 'failed', attempts: 1, processed_at: T0 });
    expect(await conversation(conversationId)).toMatchObject({ lease_owner: null, next_turn_at: null });
  });

  it('commits nothing when its lease was lost to another owner before the commit', async () => {
    const { conversationId, messageId } = await receive('hola');
    const run = runner({
      beforeCommit: async () => {
        await db
          .updateTable('conversations')
          .set({ lease_owner: 'worker-b', lease_expires_at: '2026-11-23T14:05:00.000Z' })
          .where('id', '=', conversationId)
          .execute();
      },
    });

    expect(await claimAndRun(run, conversationId)).toEqual({ committed: false });
    expect(await inbound()).toEqual([
      { id: messageId, text: 'hola', status: 'received', attempts: 0, processed_at: null, turn_id: null },
    ]);
    expect(await db.selectFrom('turns').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('events').select('id').execute()).toEqual([]);
    expect(await outbound()).toEqual([]);
    // The new owner's lease and schedule are left as they are.
    expect(await conversation(conversationId)).toMatchObject({
      lease_owner: 'worker-b',
      lease_expires_at: '2026-11-23T14:05:00.000Z',
      next_turn_at: T0,
      turn_count: 0,
    });
    expect(logLines.some((line) => line.includes('LeaseLostError') || line.includes('lease'))).toBe(true);
  });

  it('does not count a failure against messages whose conversation another owner has taken over', async () => {
    const { conversationId, messageId } = await receive('hola');
    await db.updateTable('messages').set({ attempts: 2 }).where('id', '=', messageId).execute();
    // The engine was slow and then failed; meanwhile the lease expired and worker-b took the conversation.
    flaky.state.failing = async () => {
      await db
        .updateTable('conversations')
        .set({ lease_owner: 'worker-b', lease_expires_at: '2026-11-23T14:05:00.000Z' })
        .where('id', '=', conversationId)
        .execute();
      return true;
    };

    expect(await claimAndRun(runner(), conversationId)).toEqual({ committed: false });
    expect(await inbound()).toEqual([
      { id: messageId, text: 'hola', status: 'received', attempts: 2, processed_at: null, turn_id: null },
    ]);
    expect(await conversation(conversationId)).toMatchObject({
      lease_owner: 'worker-b',
      lease_expires_at: '2026-11-23T14:05:00.000Z',
      next_turn_at: T0,
    });
  });

  it('leaves alone messages that the new owner already answered after taking the conversation over', async () => {
    const { conversationId, messageId } = await receive('hola');
    await db.updateTable('messages').set({ attempts: 2 }).where('id', '=', messageId).execute();
    const run = runner({
      beforeCommit: async () => {
        // Another worker took over after our lease expired, answered the message and gave the lease back.
        await db
          .updateTable('messages')
          .set({ status: 'processed', processed_at: T0, turn_id: 'turn_other' })
          .where('id', '=', messageId)
          .execute();
      },
    });

    expect(await claimAndRun(run, conversationId)).toEqual({ committed: false });
    expect(await inbound()).toEqual([
      {
        id: messageId,
        text: 'hola',
        status: 'processed',
        attempts: 2,
        processed_at: T0,
        turn_id: 'turn_other',
      },
    ]);
    expect(await db.selectFrom('turns').select('id').execute()).toEqual([]);
    expect(await outbound()).toEqual([]);
  });

  it('waits for the debounce window and then answers the burst as one turn', async () => {
    const run = runner({ debounceMs: 1_500 });
    const first = await receive('hola', 1_500);
    clock.advance(500);
    const second = await receive('chao', 1_500);
    const readyAt = new Date(Date.parse(T0) + 2_000).toISOString();
    expect((await conversation(first.conversationId)).next_turn_at).toBe(readyAt);

    // Claimed early (a stale schedule, say): the runner hands the conversation back until the burst is ready.
    await db
      .updateTable('conversations')
      .set({ next_turn_at: T0 })
      .where('id', '=', first.conversationId)
      .execute();
    expect(await claimAndRun(run, first.conversationId)).toEqual({ committed: false });
    expect(await conversation(first.conversationId)).toMatchObject({
      lease_owner: null,
      next_turn_at: readyAt,
    });
    expect(flaky.state.runs).toBe(0);

    clock.set(readyAt);
    const result = await claimAndRun(run, first.conversationId);
    expect(result).toMatchObject({ committed: true, messageIds: [first.messageId, second.messageId] });
  });
});
