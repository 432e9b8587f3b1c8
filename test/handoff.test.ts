import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const MONDAY_9AM = '2026-11-23T09:00:00-05:00';
const SUNDAY_NOON = '2026-11-22T12:00:00-05:00';

function handoffConfig(handoff: Record<string, unknown>) {
  return testConfig([{ id: 'clinica', skills: ['smalltalk', 'handoff'], skillSettings: { handoff } }]);
}

const twoAgents = {
  keywords: ['urgente', 'queja'],
  agents: [
    { id: 'laura', name: 'Laura', available: true, maxConcurrent: 1 },
    { id: 'andres', name: 'Andrés', available: true, maxConcurrent: 2 },
  ],
};

describe.each(DIALECTS)('hand-off on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server?.close());

  async function say(from: string, text: string, now = MONDAY_9AM) {
    const response = await server.send('clinica', { from, text, now });
    expect(response.statusCode).toBe(200);
    return response.json() as {
      conversationId: string;
      contactId: string;
      replies: { text: string }[];
      turn: { id: string; intent: string | null; handoff: boolean };
    };
  }

  const statusOf = async (conversationId: string) =>
    (
      await server.db
        .selectFrom('conversations')
        .select('status')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow()
    ).status;

  const handoffsOf = (conversationId: string) =>
    server.db
      .selectFrom('handoffs')
      .select(['reason', 'status', 'agent_id'])
      .where('conversation_id', '=', conversationId)
      .execute();

  it('hands the conversation to an agent, stays silent, delivers the agent, and answers again after release', async () => {
    server = await startTestServer({ dialect, config: handoffConfig(twoAgents) });
    const asked = await say('573001', 'quiero hablar con una persona');
    expect(asked.turn).toMatchObject({ intent: 'hablar_con_humano', handoff: true });
    expect(asked.replies.map((reply) => reply.text).join(' ')).toContain('Laura');
    expect(await statusOf(asked.conversationId)).toBe('human');
    expect(await handoffsOf(asked.conversationId)).toEqual([
      { reason: 'asked_for_human', status: 'assigned', agent_id: 'laura' },
    ]);
    const event = await server.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'conversation-escalated')
      .where('conversation_id', '=', asked.conversationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ reason: 'asked_for_human', agentId: 'laura' });

    const silenced = await say('573001', 'hola? sigue ahí?');
    expect(silenced.replies).toEqual([]);
    expect(silenced.turn.handoff).toBe(true);

    const base = `/api/v1/tenants/clinica/conversations/${asked.conversationId}`;
    const wrongAgent = await server.request('POST', `${base}/agent-messages`, {
      agentId: 'andres',
      text: 'Hola',
    });
    expect(wrongAgent.statusCode).toBe(409);
    const unknownAgent = await server.request('POST', `${base}/agent-messages`, {
      agentId: 'nadie',
      text: 'Hola',
    });
    expect(unknownAgent.statusCode).toBe(400);
    expect(unknownAgent.json().error.message).toContain('laura, andres');

    const sent = await server.request('POST', `${base}/agent-messages`, {
      agentId: 'laura',
      text: 'Hola, soy Laura. ¿En qué te ayudo?',
    });
    expect(sent.statusCode).toBe(202);
    const message = await server.db
      .selectFrom('messages')
      .select(['direction', 'text', 'connection_id', 'contact_id'])
      .where('id', '=', sent.json().messageId)
      .executeTakeFirstOrThrow();
    expect(message).toEqual({
      direction: 'out',
      text: 'Hola, soy Laura. ¿En qué te ayudo?',
      connection_id: 'test',
      contact_id: asked.contactId,
    });

    const queue = await server.request(
      'GET',
      `/api/v1/tenants/clinica/handoffs?contactId=${asked.contactId}`,
    );
    expect(queue.json().handoffs).toMatchObject([
      { status: 'assigned', agentId: 'laura', reason: 'asked_for_human' },
    ]);

    const released = await server.request('POST', `${base}/release`);
    expect(released.statusCode).toBe(200);
    expect(await statusOf(asked.conversationId)).toBe('bot');
    expect(await handoffsOf(asked.conversationId)).toEqual([
      { reason: 'asked_for_human', status: 'released', agent_id: 'laura' },
    ]);
    const afterRelease = await server.request('POST', `${base}/agent-messages`, {
      agentId: 'laura',
      text: 'Hola',
    });
    expect(afterRelease.statusCode).toBe(409);

    const again = await say('573001', 'hola');
    expect(again.turn.handoff).toBe(false);
    expect(again.replies[0]?.text).toContain('Negocio clinica');
  });

  it('hands off on a tenant keyword', async () => {
    server = await startTestServer({ dialect, config: handoffConfig(twoAgents) });
    const turn = await say('573002', 'tengo una QUEJA por la atención de ayer');
    expect(turn.turn.handoff).toBe(true);
    expect(await handoffsOf(turn.conversationId)).toEqual([
      { reason: 'keyword', status: 'assigned', agent_id: 'laura' },
    ]);
    const urgent = await say('573003', 'es urgente por favor');
    expect(await handoffsOf(urgent.conversationId)).toMatchObject([{ reason: 'keyword' }]);
  });

  it('hands off the second message in a row it does not understand', async () => {
    server = await startTestServer({ dialect, config: handoffConfig(twoAgents) });
    const first = await say('573004', 'xkqz wvvp trrg');
    expect(first.turn).toMatchObject({ intent: null, handoff: false });
    expect(first.replies).toHaveLength(1);
    expect(await statusOf(first.conversationId)).toBe('bot');
    const second = await say('573004', 'plmq zzkr vbnt');
    expect(second.turn.handoff).toBe(true);
    expect(await handoffsOf(second.conversationId)).toMatchObject([{ reason: 'low_confidence' }]);
  });

  it('hands off once the bot has answered the tenant’s message limit', async () => {
    server = await startTestServer({ dialect, config: handoffConfig({ ...twoAgents, messageLimit: 2 }) });
    expect((await say('573005', 'hola')).turn.handoff).toBe(false);
    expect((await say('573005', 'ayuda')).turn.handoff).toBe(false);
    const third = await say('573005', 'hola otra vez');
    expect(third.turn.handoff).toBe(true);
    expect(await handoffsOf(third.conversationId)).toMatchObject([{ reason: 'message_limit' }]);
    // Released, the limit counts again from zero.
    await server.request('POST', `/api/v1/tenants/clinica/conversations/${third.conversationId}/release`);
    expect((await say('573005', 'hola')).turn.handoff).toBe(false);
  });

  it('assigns the least loaded agent with room, queues when all are full, and respects maxConcurrent', async () => {
    server = await startTestServer({ dialect, config: handoffConfig(twoAgents) });
    const agentsInOrder: (string | null)[] = [];
    const turns = [];
    for (const from of ['57301', '57302', '57303', '57304']) {
      const turn = await say(from, 'quiero hablar con un asesor');
      turns.push(turn);
      agentsInOrder.push((await handoffsOf(turn.conversationId))[0]!.agent_id);
    }
    // laura (first listed) at 0 → laura; laura full (1) → andres; andres 1 → andres; everyone full → queued.
    expect(agentsInOrder).toEqual(['laura', 'andres', 'andres', null]);
    const queued = turns[3]!;
    expect(await statusOf(queued.conversationId)).toBe('pending_human');
    expect(queued.replies[0]?.text).toContain('lo antes posible');

    const [waiting] = (await server.request('GET', '/api/v1/tenants/clinica/handoffs?status=queued')).json()
      .handoffs as { id: string }[];
    const full = await server.request('POST', `/api/v1/tenants/clinica/handoffs/${waiting!.id}/assign`, {
      agentId: 'laura',
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toContain('maxConcurrent');
    expect(await statusOf(queued.conversationId)).toBe('pending_human');

    await server.request('POST', `/api/v1/tenants/clinica/conversations/${turns[0]!.conversationId}/release`);
    const assigned = await server.request('POST', `/api/v1/tenants/clinica/handoffs/${waiting!.id}/assign`, {
      agentId: 'laura',
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', agentId: 'laura' });
    expect(await statusOf(queued.conversationId)).toBe('human');
  });

  it('tells the customer when someone will answer when no agent is working', async () => {
    const weekdays = { lunes: '08:00-18:00', martes: '08:00-18:00' };
    server = await startTestServer({
      dialect,
      config: handoffConfig({ agents: [{ id: 'laura', name: 'Laura', available: weekdays }] }),
    });
    const turn = await say('573006', 'quiero hablar con una persona', SUNDAY_NOON);
    expect(turn.turn.handoff).toBe(true);
    expect(turn.replies[0]?.text).toContain('lunes 23 de noviembre');
    expect(turn.replies[0]?.text).toContain('8:00');
    expect(await statusOf(turn.conversationId)).toBe('pending_human');
    expect(await handoffsOf(turn.conversationId)).toEqual([
      { reason: 'asked_for_human', status: 'queued', agent_id: null },
    ]);
    expect((await say('573006', 'hola', SUNDAY_NOON)).replies).toEqual([]);
  });
});
