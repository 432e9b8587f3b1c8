import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundEnvelope } from '../src/core/delivery.ts';
import { DIALECTS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe.each(DIALECTS)('hand-off gate on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('stays silent in a conversation a human has taken over', async () => {
    const delivered: OutboundEnvelope[] = [];
    server = await startTestServer({
      dialect,
      pipeline: {
        deliver: async (envelope) => {
          delivered.push(envelope);
          return { providerMessageId: `prov-${envelope.id}` };
        },
      },
    });

    const first = await server.send('clinica', { from: '573001234567', text: 'hola' });
    expect(first.statusCode).toBe(200);
    const { conversationId } = first.json();
    expect(first.json().replies).toHaveLength(1);
    expect(first.json().turn.handoff).toBe(false);

    await server.db
      .updateTable('conversations')
      .set({ status: 'human' })
      .where('id', '=', conversationId)
      .execute();

    const second = await server.send('clinica', { from: '573001234567', text: 'buenas tardes' });
    expect(second.statusCode).toBe(200);
    const body = second.json();
    expect(body.conversationId).toBe(conversationId);
    expect(body.replies).toEqual([]);
    expect(body.turn).toMatchObject({ id: expect.stringMatching(/^turn_/), handoff: true, skill: null });

    // The turn is recorded (the message was read and understood), but nothing was queued to send.
    const turn = await server.db
      .selectFrom('turns')
      .select(['handoff', 'outcome', 'intent'])
      .where('id', '=', body.turn.id)
      .executeTakeFirstOrThrow();
    expect(turn).toEqual({ handoff: 1, outcome: 'silenced', intent: 'saludo' });
    const queued = await server.db
      .selectFrom('messages')
      .select('id')
      .where('turn_id', '=', body.turn.id)
      .where('direction', '=', 'out')
      .execute();
    expect(queued).toEqual([]);
    const outbound = await server.db
      .selectFrom('messages')
      .select(['id', 'turn_id'])
      .where('direction', '=', 'out')
      .execute();
    expect(outbound.map((message) => message.turn_id)).toEqual([first.json().turn.id]);
    const inbound = await server.db
      .selectFrom('messages')
      .select(['status', 'turn_id'])
      .where('direction', '=', 'in')
      .orderBy('id')
      .execute();
    expect(inbound[1]).toEqual({ status: 'processed', turn_id: body.turn.id });

    // Handing the conversation back to the bot makes it answer again.
    await server.db
      .updateTable('conversations')
      .set({ status: 'bot' })
      .where('id', '=', conversationId)
      .execute();
    const third = await server.send('clinica', { from: '573001234567', text: 'chao' });
    expect(third.json().replies).toHaveLength(1);
    expect(third.json().turn.handoff).toBe(false);
  });

  it('stays silent as well while the conversation waits for a human', async () => {
    server = await startTestServer({ dialect });
    const first = (await server.send('clinica', { from: '573002', text: 'hola' })).json();
    await server.db
      .updateTable('conversations')
      .set({ status: 'pending_human' })
      .where('id', '=', first.conversationId)
      .execute();
    const second = (await server.send('clinica', { from: '573002', text: 'ayuda' })).json();
    expect(second.replies).toEqual([]);
    expect(second.turn.handoff).toBe(true);
    const queued = await server.db
      .selectFrom('messages')
      .select('id')
      .where('turn_id', '=', second.turn.id)
      .where('direction', '=', 'out')
      .execute();
    expect(queued).toEqual([]);
  });
});
