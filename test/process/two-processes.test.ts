/**
 * Two `orquesta start` processes sharing one PostgreSQL database: every message is answered exactly once,
 * in arrival order within its conversation, and both processes take part in the work.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type OrquestaDatabase } from '../../src/storage/database.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { spawnServer, stopAllServers, waitFor, type SpawnedServer } from '../support/spawn-server.ts';

const CONVERSATIONS = 50;
const MESSAGES_PER_CONVERSATION = 10;
const WORKERS = 10;
const TOTAL = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
const TEXTS = ['hola', 'ayuda', 'buenas tardes', 'gracias', 'chao'];

describe.skipIf(!DIALECTS.includes('postgres'))('two processes on one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  let handle: OrquestaDatabase | undefined;

  afterAll(async () => {
    await stopAllServers();
    await handle?.close();
    await database?.drop();
  });

  it(`answers ${TOTAL} messages over ${CONVERSATIONS} conversations once each, in order`, async () => {
    database = await createTestDatabase('postgres');
    // One after the other, so that the second finds the schema migrated; info level logs each turn's id.
    const servers: SpawnedServer[] = [];
    for (let index = 0; index < 2; index++) {
      servers.push(await spawnServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'info' } }));
    }
    handle = createDatabase(database.url);
    const { db } = handle;

    // Conversations in parallel; within one, each message is posted once the previous one is stored.
    const accepted: { conversation: number; messageId: number }[] = [];
    let nextConversation = 1;
    async function worker(): Promise<void> {
      while (nextConversation <= CONVERSATIONS) {
        const conversation = nextConversation++;
        for (let index = 0; index < MESSAGES_PER_CONVERSATION; index++) {
          const server = servers[(conversation + index) % servers.length]!;
          const response = await server.post('clinica', {
            from: String(conversation),
            text: `${TEXTS[index % TEXTS.length]} ${index}`,
            wait: false,
          });
          expect(response.status, JSON.stringify(response.body)).toBe(202);
          const body = response.body as { messageId: number; duplicate: boolean };
          expect(body.duplicate).toBe(false);
          accepted.push({ conversation, messageId: body.messageId });
        }
      }
    }
    await Promise.all(Array.from({ length: WORKERS }, worker));
    expect(new Set(accepted.map((message) => message.messageId)).size).toBe(TOTAL);

    await waitFor(
      'every message to be processed and every reply sent',
      async () => {
        const [pending, unsent] = await Promise.all([
          db
            .selectFrom('messages')
            .select(db.fn.countAll<number>().as('count'))
            .where('direction', '=', 'in')
            .where('processed_at', 'is', null)
            .executeTakeFirstOrThrow(),
          db
            .selectFrom('messages')
            .select(db.fn.countAll<number>().as('count'))
            .where('direction', '=', 'out')
            .where('status', '!=', 'sent')
            .executeTakeFirstOrThrow(),
        ]);
        const sent = await db
          .selectFrom('messages')
          .select(db.fn.countAll<number>().as('count'))
          .where('direction', '=', 'out')
          .executeTakeFirstOrThrow();
        return Number(pending.count) === 0 && Number(unsent.count) === 0 && Number(sent.count) >= TOTAL;
      },
      { timeoutMs: 20_000 },
    );

    // Exactly one turn per inbound message.
    const inbound = await db
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'turn_id', 'status'])
      .where('direction', '=', 'in')
      .orderBy('id')
      .execute();
    expect(inbound).toHaveLength(TOTAL);
    expect(inbound.filter((message) => message.status !== 'processed')).toEqual([]);
    const turnIds = inbound.map((message) => message.turn_id);
    expect(new Set(turnIds).size).toBe(TOTAL);
    const turns = await db.selectFrom('turns').select('id').execute();
    expect(turns).toHaveLength(TOTAL);
    expect(new Set(turns.map((turn) => turn.id))).toEqual(new Set(turnIds));

    // Exactly one reply per turn, every one sent.
    const outbound = await db
      .selectFrom('messages')
      .select(['turn_id', 'status'])
      .where('direction', '=', 'out')
      .execute();
    expect(outbound).toHaveLength(TOTAL);
    expect(outbound.filter((message) => message.status !== 'sent')).toEqual([]);
    expect(new Set(outbound.map((message) => message.turn_id))).toEqual(new Set(turnIds));

    // Within each conversation, commit order (the events' ids) is arrival order (the messages' ids).
    const commits = await db
      .selectFrom('events')
      .innerJoin('messages', 'messages.turn_id', 'events.turn_id')
      .select(['messages.conversation_id as conversationId', 'messages.id as messageId'])
      .where('events.type', '=', 'turn-committed')
      .where('messages.direction', '=', 'in')
      .orderBy('events.id')
      .execute();
    expect(commits).toHaveLength(TOTAL);
    const committed = groupIds(commits.map((row) => [row.conversationId, row.messageId]));
    const arrived = groupIds(inbound.map((row) => [row.conversation_id, row.id]));
    expect(committed.size).toBe(CONVERSATIONS);
    expect(committed).toEqual(arrived);

    // Both processes ran turns, and between them ran each turn once (their "turn committed" log lines;
    // a line may reach the pipe just after the commit it reports, hence the wait).
    const turnsRunBy = () =>
      servers.map(
        (server) =>
          new Set(
            server
              .logRecords()
              .filter((record) => record.msg === 'turn committed')
              .map((record) => String(record.turnId)),
          ),
      );
    const ranBy = await waitFor(
      'every turn to be in the logs',
      async () => {
        const sets = turnsRunBy();
        return sets.reduce((sum, ids) => sum + ids.size, 0) >= TOTAL && sets;
      },
      { timeoutMs: 5_000 },
    ).catch(() => turnsRunBy());
    expect(ranBy.map((ids) => ids.size).every((count) => count > 0)).toBe(true);
    expect(ranBy.reduce((sum, ids) => sum + ids.size, 0)).toBe(TOTAL);
    expect(new Set(ranBy.flatMap((ids) => [...ids]))).toEqual(new Set(turnIds));
    for (const server of servers) {
      expect(server.logRecords().filter((record) => Number(record.level) >= 50)).toEqual([]);
    }
  });
});

function groupIds(rows: [string, number][]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [key, id] of rows) groups.set(key, [...(groups.get(key) ?? []), id]);
  return groups;
}
