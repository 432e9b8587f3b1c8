/**
 * The agent inbox's API through the real app on both engines: agent tokens (from the config and created
 * through the admin API), the queue, take, reply and release, and the availability switch that the
 * bot's assignment honours.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.ts';

const LAURA_TOKEN = 'laura-inbox-token-0123456789';
const PEDRO_TOKEN = 'pedro-inbox-token-0123456789';
const CLINICA_TOKEN = 'clinica-api-token-0123456789';

function inboxConfig() {
  return testConfig([
    {
      id: 'clinica',
      apiToken: CLINICA_TOKEN,
      skills: ['smalltalk', 'handoff'],
      skillSettings: {
        handoff: {
          agents: [
            { id: 'laura', name: 'Laura', token: LAURA_TOKEN, maxConcurrent: 2 },
            { id: 'andres', name: 'Andrés', available: false },
          ],
        },
      },
    },
    {
      id: 'autos',
      skills: ['smalltalk', 'handoff'],
      skillSettings: { handoff: { agents: [{ id: 'pedro', name: 'Pedro', token: PEDRO_TOKEN }] } },
    },
  ]);
}

describe.each(DIALECTS)('agent inbox API on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server?.close());

  const asAgent = (
    token: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });

  const askForPerson = (from: string, tenant = 'clinica') =>
    server.turn(tenant, { from, name: 'Ana', text: 'quiero hablar con una persona' });

  const handoffOf = (conversationId: string) =>
    server.db
      .selectFrom('handoffs')
      .select(['status', 'agent_id'])
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();

  it('logs agents in with their config token or a created one, and keeps each to their tenant', async () => {
    server = await startTestServer({ dialect, config: inboxConfig() });
    const me = await asAgent(LAURA_TOKEN, 'GET', '/api/v1/agent/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({
      tenant: { id: 'clinica', timezone: 'America/Bogota' },
      agent: { id: 'laura', name: 'Laura', available: true, working: true },
    });

    const wrong = await asAgent('not-a-token-of-anyone-at-all', 'GET', '/api/v1/agent/me');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthorized');

    // An agent reads their tenant's analytics, not another tenant's, and no admin route.
    expect((await asAgent(LAURA_TOKEN, 'GET', '/api/v1/tenants/clinica/analytics/daily')).statusCode).toBe(
      200,
    );
    const otherTenant = await asAgent(LAURA_TOKEN, 'GET', '/api/v1/tenants/autos/analytics/daily');
    expect(otherTenant.statusCode).toBe(403);
    expect(otherTenant.json().error.message).toContain('only their own tenant');
    expect((await asAgent(LAURA_TOKEN, 'GET', '/api/v1/tenants/clinica/contacts')).statusCode).toBe(403);
    // Admin and tenant tokens are not agents.
    expect((await asAgent(ADMIN_TOKEN, 'GET', '/api/v1/agent/inbox')).statusCode).toBe(403);

    // Another tenant's conversation is not found for this agent.
    const autos = await askForPerson('573009', 'autos');
    const foreign = await asAgent(LAURA_TOKEN, 'GET', `/api/v1/agent/conversations/${autos.conversationId}`);
    expect(foreign.statusCode).toBe(404);
    expect(
      (await asAgent(LAURA_TOKEN, 'POST', `/api/v1/agent/conversations/${autos.conversationId}/take`))
        .statusCode,
    ).toBe(404);
    const pedrosInbox = await asAgent(PEDRO_TOKEN, 'GET', '/api/v1/agent/inbox');
    expect(pedrosInbox.json().mine.map((item: { conversationId: string }) => item.conversationId)).toEqual([
      autos.conversationId,
    ]);

    // A token created through the admin API is shown once, stored hashed, and stops working once revoked.
    const created = await asAgent(CLINICA_TOKEN, 'POST', '/api/v1/tenants/clinica/agents/andres/tokens');
    expect(created.statusCode, created.body).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(token).toMatch(/^oqa_[A-Za-z0-9_-]{43}$/);
    const stored = await server.db.selectFrom('agent_tokens').selectAll().execute();
    expect(stored).toEqual([
      expect.objectContaining({
        id,
        tenant_id: 'clinica',
        agent_id: 'andres',
        token_hash: createHash('sha256').update(token).digest('hex'),
      }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await asAgent(token, 'GET', '/api/v1/agent/me')).json().agent).toMatchObject({ id: 'andres' });
    const listed = await asAgent(ADMIN_TOKEN, 'GET', '/api/v1/tenants/clinica/agents/andres/tokens');
    expect(listed.json()).toEqual({ tokens: [{ id, createdAt: expect.any(String) }] });

    expect((await asAgent(token, 'POST', '/api/v1/tenants/clinica/agents/andres/tokens')).statusCode).toBe(
      403,
    );
    expect(
      (await asAgent(ADMIN_TOKEN, 'POST', '/api/v1/tenants/clinica/agents/nadie/tokens')).statusCode,
    ).toBe(404);

    const revoked = await asAgent(
      ADMIN_TOKEN,
      'DELETE',
      `/api/v1/tenants/clinica/agents/andres/tokens/${id}`,
    );
    expect(revoked.json()).toEqual({ revoked: 1 });
    expect((await asAgent(token, 'GET', '/api/v1/agent/me')).statusCode).toBe(401);
    const again = await asAgent(ADMIN_TOKEN, 'DELETE', `/api/v1/tenants/clinica/agents/andres/tokens/${id}`);
    expect(again.statusCode).toBe(404);
  });

  it('queues a hand-off while the agent is switched off, then the agent takes it, replies and releases it', async () => {
    server = await startTestServer({ dialect, config: inboxConfig() });
    const off = await asAgent(LAURA_TOKEN, 'PUT', '/api/v1/tenants/clinica/agents/me/availability', {
      available: false,
    });
    expect(off.json()).toEqual({ agentId: 'laura', available: false, working: false });
    // An agent switches only themself.
    const other = await asAgent(LAURA_TOKEN, 'PUT', '/api/v1/tenants/clinica/agents/andres/availability', {
      available: true,
    });
    expect(other.statusCode).toBe(403);

    const asked = await askForPerson('573001000001');
    expect(asked.turn.handoff).toBe(true);
    expect(asked.replies.map((reply) => reply.text).join(' ')).not.toContain('Laura');
    expect(await handoffOf(asked.conversationId)).toEqual({ status: 'queued', agent_id: null });

    const inbox = await asAgent(LAURA_TOKEN, 'GET', '/api/v1/agent/inbox');
    expect(inbox.json()).toEqual({
      queue: [
        expect.objectContaining({
          conversationId: asked.conversationId,
          status: 'queued',
          reason: 'asked_for_human',
          channel: 'test',
          contact: { id: asked.contactId, name: 'Ana', phone: '573001000001' },
          lastMessage: expect.objectContaining({ direction: 'out' }),
        }),
      ],
      mine: [],
    });

    const base = `/api/v1/agent/conversations/${asked.conversationId}`;
    const early = await asAgent(LAURA_TOKEN, 'POST', `${base}/messages`, { text: 'Hola' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('take it first');

    expect((await asAgent(LAURA_TOKEN, 'POST', `${base}/take`)).json()).toEqual({
      conversationId: asked.conversationId,
      agentId: 'laura',
    });
    expect(await handoffOf(asked.conversationId)).toEqual({ status: 'assigned', agent_id: 'laura' });
    const taken = (await asAgent(LAURA_TOKEN, 'GET', '/api/v1/agent/inbox')).json();
    expect(taken.queue).toEqual([]);
    expect(taken.mine).toMatchObject([{ conversationId: asked.conversationId, agentId: 'laura' }]);

    const sent = await asAgent(LAURA_TOKEN, 'POST', `${base}/messages`, { text: 'Hola Ana, soy Laura.' });
    expect(sent.statusCode, sent.body).toBe(202);
    const empty = await asAgent(LAURA_TOKEN, 'POST', `${base}/messages`, { text: '   ' });
    expect(empty.statusCode).toBe(400);

    const view = await asAgent(LAURA_TOKEN, 'GET', base);
    expect(view.statusCode).toBe(200);
    const conversation = view.json();
    expect(conversation).toMatchObject({
      id: asked.conversationId,
      status: 'human',
      channel: 'test',
      handoff: { status: 'assigned', agentId: 'laura', reason: 'asked_for_human' },
      window: { applies: false, open: true, template: null },
    });
    const messages = conversation.messages as {
      author: string;
      text: string;
      turn: unknown;
      agentId: string;
    }[];
    expect(messages[0]).toMatchObject({
      author: 'customer',
      text: 'quiero hablar con una persona',
      turn: { intent: 'hablar_con_humano', outcome: 'answered' },
    });
    expect(messages.slice(1, -1).every((message) => message.author === 'bot')).toBe(true);
    expect(messages.at(-1)).toMatchObject({
      author: 'agent',
      agentId: 'laura',
      text: 'Hola Ana, soy Laura.',
    });

    const released = await asAgent(LAURA_TOKEN, 'POST', `${base}/release`);
    expect(released.json()).toEqual({ conversationId: asked.conversationId, status: 'bot' });
    expect(await handoffOf(asked.conversationId)).toEqual({ status: 'released', agent_id: 'laura' });
    expect((await asAgent(LAURA_TOKEN, 'POST', `${base}/release`)).statusCode).toBe(409);

    // Switched on again, the next hand-off goes straight to her.
    await asAgent(LAURA_TOKEN, 'PUT', '/api/v1/tenants/clinica/agents/me/availability', { available: true });
    const next = await askForPerson('573002');
    expect(next.replies.map((reply) => reply.text).join(' ')).toContain('Laura');
    expect(await handoffOf(next.conversationId)).toEqual({ status: 'assigned', agent_id: 'laura' });
    const agents = await server.request('GET', '/api/v1/tenants/clinica/agents');
    expect(agents.json().agents).toEqual([
      { id: 'laura', name: 'Laura', maxConcurrent: 2, available: true, working: true, conversations: 1 },
      { id: 'andres', name: 'Andrés', maxConcurrent: 3, available: true, working: false, conversations: 0 },
    ]);
  });

  it("refuses to answer or take another agent's conversation", async () => {
    server = await startTestServer({ dialect, config: inboxConfig() });
    const asked = await askForPerson('573003');
    expect(await handoffOf(asked.conversationId)).toEqual({ status: 'assigned', agent_id: 'laura' });
    const created = await server.request('POST', '/api/v1/tenants/clinica/agents/andres/tokens');
    const andres = created.json().token as string;
    const base = `/api/v1/agent/conversations/${asked.conversationId}`;

    const take = await asAgent(andres, 'POST', `${base}/take`);
    expect(take.statusCode).toBe(409);
    expect(take.json().error.message).toContain('already assigned to agent "laura"');
    const reply = await asAgent(andres, 'POST', `${base}/messages`, { text: 'Hola' });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.details).toEqual({ reason: 'other_agent' });
    expect((await asAgent(andres, 'POST', `${base}/release`)).statusCode).toBe(409);
    expect((await asAgent(andres, 'GET', '/api/v1/agent/inbox')).json()).toEqual({ queue: [], mine: [] });
    expect(await handoffOf(asked.conversationId)).toEqual({ status: 'assigned', agent_id: 'laura' });
  });
});
