import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe.each(DIALECTS)('pipeline guarantees on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers a greeting through the test endpoint with the documented shape', async () => {
    server = await startTestServer({ dialect });
    const response = await server.send('clinica', { from: '573001234567', text: 'hola', name: 'Ana Pérez' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      conversationId: expect.stringMatching(/^conv_/),
      contactId: expect.stringMatching(/^ct_/),
      replies: [
        { text: '¡Hola, Ana! Soy el asistente virtual de Negocio clinica. ¿En qué te puedo ayudar?' },
      ],
      turn: {
        id: expect.stringMatching(/^turn_/),
        intent: 'saludo',
        confidence: expect.any(Number),
        entities: [],
        skill: 'smalltalk',
        handoff: false,
      },
    });
  });

  it('stores a message delivered three times once, with one turn and one reply', async () => {
    server = await startTestServer({ dialect });
    const first = await server.send('clinica', { from: '573001', text: 'hola', id: 'wamid.SAME' });
    const second = await server.send('clinica', { from: '573001', text: 'hola', id: 'wamid.SAME' });
    const third = await server.send('clinica', { from: '573001', text: 'hola', id: 'wamid.SAME' });
    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([200, 200, 200]);
    expect(second.json().turn.id).toBe(first.json().turn.id);
    expect(third.json().turn.id).toBe(first.json().turn.id);

    const inbound = await server.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'in')
      .execute();
    const turns = await server.db.selectFrom('turns').selectAll().execute();
    const outbound = await server.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'out')
      .execute();
    expect(inbound).toHaveLength(1);
    expect(turns).toHaveLength(1);
    expect(outbound).toHaveLength(1);
  });

  it('processes ten concurrent messages of one conversation in arrival order, each exactly once', async () => {
    server = await startTestServer({ dialect });
    const texts = Array.from({ length: 10 }, (_, index) => (index % 2 ? `hola ${index}` : `ayuda ${index}`));
    const responses = await Promise.all(
      texts.map((text) => server!.send('clinica', { from: '573002', text })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));

    const inbound = await server.db
      .selectFrom('messages')
      .select(['id', 'turn_id', 'processed_at'])
      .where('direction', '=', 'in')
      .orderBy('id')
      .execute();
    expect(inbound).toHaveLength(10);
    expect(inbound.every((message) => message.processed_at !== null && message.turn_id !== null)).toBe(true);
    expect(new Set(inbound.map((message) => message.turn_id)).size).toBe(10);

    // Commit order (the events' ids) must follow arrival order (the messages' ids).
    const commits = await server.db
      .selectFrom('events')
      .innerJoin('messages', 'messages.turn_id', 'events.turn_id')
      .select(['events.id as eventId', 'messages.id as messageId'])
      .where('events.type', '=', 'turn-committed')
      .where('messages.direction', '=', 'in')
      .orderBy('events.id')
      .execute();
    const arrival = inbound.map((message) => message.id);
    expect(commits.map((commit) => commit.messageId)).toEqual(arrival);
    expect(await server.db.selectFrom('turns').select('id').execute()).toHaveLength(10);
    expect(
      await server.db.selectFrom('messages').select('id').where('direction', '=', 'out').execute(),
    ).toHaveLength(10);
  });

  it('understands a burst inside the debounce window as one turn', async () => {
    const clock = createManualClock('2026-11-23T14:00:00.000Z');
    server = await startTestServer({
      dialect,
      clock,
      config: testConfig([{ id: 'clinica', debounceMs: 2000 }]),
    });
    const accepted = [];
    for (const text of ['hola', 'buenas', 'una pregunta']) {
      accepted.push((await server.send('clinica', { from: '573003', text, wait: false })).json());
      clock.advance(500);
    }
    expect(accepted.map((body) => body.duplicate)).toEqual([false, false, false]);

    server.orquesta.pipeline.wake();
    const turnsBefore = await server.db.selectFrom('turns').select('id').execute();
    expect(turnsBefore).toHaveLength(0);

    clock.advance(2000);
    server.orquesta.pipeline.wake();
    const turnId = await server.orquesta.pipeline.waitForTurn(accepted[2].messageId, 10_000);
    const inbound = await server.db
      .selectFrom('messages')
      .select('turn_id')
      .where('direction', '=', 'in')
      .execute();
    expect(inbound.map((message) => message.turn_id)).toEqual([turnId, turnId, turnId]);
    expect(await server.db.selectFrom('turns').select('id').execute()).toHaveLength(1);
  });

  it('keeps separate conversations apart and reuses the open conversation of a contact', async () => {
    server = await startTestServer({ dialect });
    const a1 = (await server.send('clinica', { from: 'a', text: 'hola' })).json();
    const b1 = (await server.send('clinica', { from: 'b', text: 'hola' })).json();
    const a2 = (await server.send('clinica', { from: 'a', text: 'chao' })).json();
    expect(a2.conversationId).toBe(a1.conversationId);
    expect(b1.conversationId).not.toBe(a1.conversationId);
    expect(a2.turn.intent).toBe('despedida');
  });
});
