/**
 * The admin API over conversations, driven through real conversations on the test endpoint: lists,
 * state, history and reset.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { DIALECTS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe.each(DIALECTS)('admin API on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const get = (path: string, token?: string) => server!.request('GET', path, undefined, token);
  const post = (path: string, payload?: Record<string, unknown>, token?: string) =>
    server!.request('POST', path, payload, token);
  const say = (from: string, text: string, name?: string) => server!.say('clinica', from, text, name);

  it('lists contacts and conversations newest first, filtered by activity and status, paged by cursor', async () => {
    const clock = createManualClock('2026-11-23T14:00:00.000Z');
    server = await startTestServer({ dialect, clock });
    const ana = await say('573001112233', 'hola', 'Ana Pérez');
    clock.advance(3 * 3_600_000);
    const beto = await say('573004445566', 'hola');
    await say('573004445566', 'ayuda');

    const contacts = await get('/api/v1/tenants/clinica/contacts');
    expect(contacts.statusCode).toBe(200);
    expect(contacts.json()).toEqual({
      contacts: [
        {
          id: beto.contactId,
          connectionId: 'test',
          externalId: '573004445566',
          name: null,
          phone: '573004445566',
          email: null,
          createdAt: '2026-11-23T17:00:00.000Z',
          lastSeenAt: '2026-11-23T17:00:00.000Z',
          conversation: { id: beto.conversationId, status: 'bot', lastMessageAt: '2026-11-23T17:00:00.000Z' },
        },
        expect.objectContaining({
          id: ana.contactId,
          name: 'Ana Pérez',
          lastSeenAt: '2026-11-23T14:00:00.000Z',
          conversation: expect.objectContaining({ id: ana.conversationId, status: 'bot' }),
        }),
      ],
      nextCursor: null,
    });

    const recent = (await get('/api/v1/tenants/clinica/contacts?activeWithinHours=1')).json();
    expect(recent.contacts.map((contact: { id: string }) => contact.id)).toEqual([beto.contactId]);

    const first = (await get('/api/v1/tenants/clinica/contacts?limit=1')).json();
    expect(first.contacts.map((contact: { id: string }) => contact.id)).toEqual([beto.contactId]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(`/api/v1/tenants/clinica/contacts?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.contacts.map((contact: { id: string }) => contact.id)).toEqual([ana.contactId]);
    expect(second.nextCursor).toBeNull();

    await server.db
      .updateTable('conversations')
      .set({ status: 'human' })
      .where('id', '=', ana.conversationId)
      .execute();
    const human = (await get('/api/v1/tenants/clinica/conversations?status=human')).json();
    expect(human).toEqual({
      conversations: [
        {
          id: ana.conversationId,
          contactId: ana.contactId,
          status: 'human',
          turnCount: 1,
          lastMessageAt: '2026-11-23T14:00:00.000Z',
          createdAt: '2026-11-23T14:00:00.000Z',
          closedAt: null,
        },
      ],
      nextCursor: null,
    });
    const bot = (await get('/api/v1/tenants/clinica/conversations?status=bot')).json();
    expect(bot.conversations).toEqual([expect.objectContaining({ id: beto.conversationId, turnCount: 2 })]);
    const all = (await get('/api/v1/tenants/clinica/conversations')).json();
    expect(all.conversations.map((item: { id: string }) => item.id)).toEqual([
      beto.conversationId,
      ana.conversationId,
    ]);
    const active = (await get('/api/v1/tenants/clinica/conversations?activeWithinHours=2')).json();
    expect(active.conversations.map((item: { id: string }) => item.id)).toEqual([beto.conversationId]);
  });

  it("returns one conversation's state, counters and contact", async () => {
    server = await startTestServer({ dialect });
    const ana = await say('573001112233', 'hola', 'Ana Pérez');
    await say('573001112233', 'chao');
    await server.db
      .updateTable('conversations')
      .set({ state: JSON.stringify({ flow: 'booking', slots: { service: 'limpieza' } }) })
      .where('id', '=', ana.conversationId)
      .execute();

    const response = await get(`/api/v1/tenants/clinica/conversations/${ana.conversationId}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: ana.conversationId,
      contactId: ana.contactId,
      connectionId: 'test',
      status: 'bot',
      state: { flow: 'booking', slots: { service: 'limpieza' } },
      turnCount: 2,
      lastMessageAt: expect.stringMatching(/Z$/),
      createdAt: expect.stringMatching(/Z$/),
      closedAt: null,
      messages: { in: 2, out: 2, unprocessed: 0 },
      contact: {
        id: ana.contactId,
        name: 'Ana Pérez',
        phone: '573001112233',
        email: null,
        externalId: '573001112233',
        lastSeenAt: expect.stringMatching(/Z$/),
      },
    });
  });

  it("returns a conversation's messages and turns in order, linked to each other", async () => {
    server = await startTestServer({ dialect });
    const first = await say('573001112233', 'hola');
    const second = await say('573001112233', 'xyzzy plugh');
    const third = await say('573001112233', 'chao');

    const response = await get(`/api/v1/tenants/clinica/conversations/${first.conversationId}/history`);
    expect(response.statusCode).toBe(200);
    const history = response.json();
    expect(history.conversationId).toBe(first.conversationId);
    expect(
      history.messages.map((message: { direction: string; text: string; turnId: string }) => [
        message.direction,
        message.text,
        message.turnId,
      ]),
    ).toEqual([
      ['in', 'hola', first.turn.id],
      ['out', first.replies[0]!.text, first.turn.id],
      ['in', 'xyzzy plugh', second.turn.id],
      ['out', second.replies[0]!.text, second.turn.id],
      ['in', 'chao', third.turn.id],
      ['out', third.replies[0]!.text, third.turn.id],
    ]);
    expect(history.messages[0]).toEqual({
      id: expect.any(Number),
      direction: 'in',
      kind: 'text',
      text: 'hola',
      status: 'processed',
      buttons: [],
      turnId: first.turn.id,
      errorCode: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      sentAt: null,
    });
    expect(history.messages[3].buttons).toEqual([{ id: 'ayuda', title: 'Ver opciones' }]);
    expect(history.turns).toEqual([
      expect.objectContaining({
        id: first.turn.id,
        intent: 'saludo',
        skill: 'smalltalk',
        outcome: 'answered',
      }),
      expect.objectContaining({ id: second.turn.id, intent: null, skill: 'smalltalk', outcome: 'fallback' }),
      expect.objectContaining({ id: third.turn.id, intent: 'despedida', handoff: false, entities: [] }),
    ]);
    expect(history.turns[0]).toEqual({
      id: first.turn.id,
      intent: 'saludo',
      confidence: expect.any(Number),
      entities: [],
      skill: 'smalltalk',
      handoff: false,
      outcome: 'answered',
      latencyMs: expect.any(Number),
      createdAt: expect.stringMatching(/Z$/),
    });
  });

  it('resets a conversation held by a human to an empty state, and the bot answers again', async () => {
    server = await startTestServer({ dialect });
    const ana = await say('573001112233', 'hola');
    await server.db
      .updateTable('conversations')
      .set({ status: 'human', state: JSON.stringify({ flow: 'booking' }) })
      .where('id', '=', ana.conversationId)
      .execute();
    const silenced = await say('573001112233', 'hola');
    expect(silenced.turn.handoff).toBe(true);
    expect(silenced.replies).toEqual([]);

    const reset = await post(`/api/v1/tenants/clinica/conversations/${ana.conversationId}/reset`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual(
      expect.objectContaining({ id: ana.conversationId, status: 'bot', state: {}, turnCount: 2 }),
    );
    const events = await server.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'conversation-reset')
      .execute();
    expect(events).toEqual([
      expect.objectContaining({ conversation_id: ana.conversationId, contact_id: ana.contactId }),
    ]);
    expect(JSON.parse(events[0]!.data)).toEqual({ previousStatus: 'human' });

    const answered = await say('573001112233', 'hola');
    expect(answered.conversationId).toBe(ana.conversationId);
    expect(answered.turn.handoff).toBe(false);
    expect(answered.replies).toHaveLength(1);
  });

  it('keeps unprocessed inbound messages through a reset and answers them from the clean state', async () => {
    server = await startTestServer({ dialect, start: false });
    const accepted = (
      await server.send('clinica', { from: '573001112233', text: 'hola', wait: false })
    ).json();
    await server.db
      .updateTable('conversations')
      .set({ status: 'pending_human', state: JSON.stringify({ flow: 'booking' }) })
      .where('id', '=', accepted.conversationId)
      .execute();

    const reset = await post(`/api/v1/tenants/clinica/conversations/${accepted.conversationId}/reset`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().messages).toEqual({ in: 1, out: 0, unprocessed: 1 });
    const pending = await server.db
      .selectFrom('messages')
      .select(['processed_at'])
      .where('id', '=', accepted.messageId)
      .executeTakeFirstOrThrow();
    expect(pending.processed_at).toBeNull();

    server.orquesta.start();
    const turnId = await server.orquesta.pipeline.waitForTurn(accepted.messageId, 10_000);
    const turn = await server.db
      .selectFrom('turns')
      .selectAll()
      .where('id', '=', turnId)
      .executeTakeFirstOrThrow();
    expect([turn.intent, turn.handoff, turn.outcome]).toEqual(['saludo', 0, 'answered']);
  });

  it('refuses with 409 to reset a conversation whose turn is running, and changes nothing', async () => {
    server = await startTestServer({ dialect });
    const ana = await say('573001112233', 'hola');
    await server.db
      .updateTable('conversations')
      .set({
        status: 'human',
        lease_owner: 'another-process',
        lease_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .where('id', '=', ana.conversationId)
      .execute();
    const reset = await post(`/api/v1/tenants/clinica/conversations/${ana.conversationId}/reset`);
    expect(reset.statusCode).toBe(409);
    expect(reset.json().error.code).toBe('conflict');
    const row = await server.db
      .selectFrom('conversations')
      .select('status')
      .where('id', '=', ana.conversationId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('human');
    expect(
      await server.db.selectFrom('events').select('id').where('type', '=', 'conversation-reset').execute(),
    ).toEqual([]);
  });
});
