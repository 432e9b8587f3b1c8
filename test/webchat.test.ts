/**
 * The web chat over a real socket: visitors registered through the public API, talking to the real server
 * (listening on a free port) with the `ws` client, on every database engine.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { MessageView, ServerEvent } from '../src/channels/webchat/protocol.ts';
import { createManualClock } from '../src/core/clock.ts';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const SECRET = 'webchat-test-secret-0123456789abcdef';
const MONDAY_9AM = '2026-11-23T14:00:00.000Z';

/** `web` as a business would set it up; `strict` with small limits and one site; autos without a demo page. */
const config = testConfig([
  {
    id: 'clinica',
    name: 'Clínica Bella Piel',
    skills: ['smalltalk', 'handoff'],
    skillSettings: { handoff: { agents: [{ id: 'laura', name: 'Laura', available: false }] } },
    connections: [
      { id: 'test', channel: 'test', settings: {} },
      {
        id: 'web',
        channel: 'webchat',
        settings: { secret: SECRET, title: 'Bella Piel', color: '#be185d', demoPage: true },
      },
      {
        id: 'strict',
        channel: 'webchat',
        settings: {
          secret: `${SECRET}-strict`,
          maxTextLength: 20,
          rateLimitPerMinute: 3,
          allowedOrigins: ['https://bellapiel.example'],
        },
      },
    ],
  },
  { id: 'autos', connections: [{ id: 'web', channel: 'webchat', settings: { secret: `${SECRET}-autos` } }] },
]);

/** A visitor's socket that keeps every event it received, in order. */
class VisitorSocket {
  readonly events: ServerEvent[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.events.push(JSON.parse(String(data)) as ServerEvent);
      for (const listener of this.listeners) listener();
    });
  }

  static open(url: string): Promise<VisitorSocket> {
    const socket = new WebSocket(url);
    const visitor = new VisitorSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(visitor));
      socket.once('error', reject);
    });
  }

  send(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first event (from `from` on) that matches, waiting up to 10 s for it. */
  async waitFor<T extends ServerEvent['type']>(
    type: T,
    matches: (event: Extract<ServerEvent, { type: T }>) => boolean = () => true,
    from = 0,
  ): Promise<Extract<ServerEvent, { type: T }>> {
    const find = () =>
      this.events
        .slice(from)
        .find(
          (event): event is Extract<ServerEvent, { type: T }> =>
            event.type === type && matches(event as Extract<ServerEvent, { type: T }>),
        );
    const found = find();
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no ${type} event arrived; got ${JSON.stringify(this.events.map((e) => e.type))}`));
      }, 10_000);
      const check = () => {
        const event = find();
        if (!event) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(event);
      };
      this.listeners.add(check);
    });
  }

  /** The messages received, in the order they arrived. */
  messages(): MessageView[] {
    return this.events.flatMap((event) => (event.type === 'message-created' ? [event.message] : []));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }
}

/** How a socket that is refused ends: the close code and reason. */
function closeOf(url: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
    socket.once('error', reject);
  });
}

describe.each(DIALECTS)('web chat on %s', (dialect) => {
  const clock = createManualClock(MONDAY_9AM);
  let server: TestServer;
  const sockets: VisitorSocket[] = [];
  let base = '';

  beforeAll(async () => {
    server = await startTestServer({ dialect, config, clock });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  afterAll(async () => server?.close());

  async function register(tenant = 'clinica', connection = 'web') {
    const response = await fetch(
      `http://${base}/api/v1/webchat/${tenant}/visitors?connection=${connection}`,
      {
        method: 'POST',
      },
    );
    expect(response.status).toBe(201);
    return (await response.json()) as { visitorId: string; token: string };
  }

  const socketUrl = (token: string, after = 0, tenant = 'clinica') =>
    `ws://${base}/api/v1/webchat/${tenant}/socket?token=${encodeURIComponent(token)}&after=${after}`;

  async function open(token: string, after = 0): Promise<VisitorSocket> {
    const socket = await VisitorSocket.open(socketUrl(token, after));
    sockets.push(socket);
    await socket.waitFor('socket-opened');
    return socket;
  }

  /** A visitor with a chat, greeted by the bot. */
  async function greetedVisitor(connection = 'web') {
    const visitor = await register('clinica', connection);
    const socket = await open(visitor.token);
    socket.send({ type: 'chat-create', id: 'chat-1' });
    const created = await socket.waitFor('chat-created');
    const greeting = await socket.waitFor('message-created', (event) => event.message.direction === 'out');
    return { visitor, socket, chatId: created.chat.id, greeting: greeting.message };
  }

  /** The client ids of a visitor's stored messages, in order. */
  const storedIds = async (visitorId: string) =>
    (
      await server.db
        .selectFrom('messages')
        .select('provider_message_id')
        .where('direction', '=', 'in')
        .where('provider_message_id', 'like', `${visitorId}:%`)
        .orderBy('id')
        .execute()
    ).map((message) => message.provider_message_id!.slice(visitorId.length + 1));

  it('serves the widget, its configuration and visitor registration to any site', async () => {
    const config = await fetch(`http://${base}/api/v1/webchat/clinica/config`, {
      headers: { origin: 'https://bellapiel.example' },
    });
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBe('*');
    expect(await config.json()).toEqual({
      tenant: 'clinica',
      connection: 'web',
      locale: 'es',
      title: 'Bella Piel',
      greeting: null,
      color: '#be185d',
      maxTextLength: 2000,
      texts: expect.objectContaining({ placeholder: 'Escribe tu mensaje…', send: 'Enviar' }),
    });

    const preflight = await fetch(`http://${base}/api/v1/webchat/clinica/visitors`, {
      method: 'OPTIONS',
      headers: { origin: 'https://bellapiel.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const visitor = await register();
    expect(visitor.visitorId).toMatch(/^vis_/);
    expect(visitor.token.startsWith(`web.${visitor.visitorId}.`)).toBe(true);
    const contact = await server.db
      .selectFrom('contacts')
      .select('id')
      .where('external_id', '=', visitor.visitorId)
      .executeTakeFirst();
    expect(contact).toBeUndefined();

    const widget = await fetch(`http://${base}/widget.js`);
    expect(widget.headers.get('content-type')).toContain('javascript');
    expect(await widget.text()).toContain('api/v1/webchat/');
    const cached = await fetch(`http://${base}/widget.js`, {
      headers: { 'if-none-match': widget.headers.get('etag')! },
    });
    expect(cached.status).toBe(304);

    const errorOf = async (response: Response) =>
      ((await response.json()) as { error: { message: string } }).error.message;
    const unknown = await fetch(`http://${base}/api/v1/webchat/nadie/config`);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toContain('tenant "nadie" does not exist');
    const noSuchConnection = await fetch(`http://${base}/api/v1/webchat/clinica/visitors?connection=chat`, {
      method: 'POST',
    });
    expect(noSuchConnection.status).toBe(404);
    expect(await errorOf(noSuchConnection)).toContain('use one of: web');
    const demo = await fetch(`http://${base}/demo/autos`);
    expect(demo.status).toBe(404);
    expect(await errorOf(demo)).toContain('set demoPage: true');
  });

  it('refuses pages of sites the connection does not list in allowedOrigins', async () => {
    const strict = (path: string, origin: string, method = 'GET') =>
      fetch(`http://${base}/api/v1/webchat/clinica/${path}?connection=strict`, {
        method,
        headers: { origin },
      });
    expect((await strict('config', 'https://bellapiel.example')).status).toBe(200);
    expect((await strict('visitors', 'https://bellapiel.example', 'POST')).status).toBe(201);
    const refused = await strict('visitors', 'https://otro-sitio.example', 'POST');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'add the site to allowedOrigins of connection "strict"',
    );
    expect((await strict('config', 'https://otro-sitio.example')).status).toBe(403);

    const { token } = await register('clinica', 'strict');
    const closed = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(socketUrl(token), { origin: 'https://otro-sitio.example' });
      socket.once('close', (code) => resolve(code));
      socket.once('error', reject);
    });
    expect(closed).toBe(4403);
    const allowed = await VisitorSocket.open(socketUrl(token));
    sockets.push(allowed);
    await allowed.waitFor('socket-opened');
  });

  it('serves a demo page with the widget when the connection asks for it', async () => {
    const page = await fetch(`http://${base}/demo/clinica`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<script src="/widget.js" data-tenant="clinica" data-connection="web" async>');
    expect(html).toContain('Clínica Bella Piel');
  });

  it('refuses a socket with a forged, foreign or missing token, and stores nothing', async () => {
    const { token, visitorId } = await register();
    const [connection, , signature] = token.split('.') as [string, string, string];
    const autos = await register('autos');
    const forged = `${connection}.${visitorId}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;

    for (const url of [
      socketUrl(forged),
      socketUrl(autos.token),
      socketUrl(token, 0, 'autos'),
      `ws://${base}/api/v1/webchat/clinica/socket`,
    ]) {
      expect(await closeOf(url)).toEqual({
        code: 4401,
        reason: 'visitor token refused — register a new visitor',
      });
    }
    const unknownTenant = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(socketUrl(token, 0, 'nadie'));
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => reject(new Error('opened')));
    });
    expect(unknownTenant).toBe(404);
    expect(await storedIds(visitorId)).toEqual([]);
    expect(server.logLines.join('')).not.toContain(signature);
  });

  it('greets on chat-created and answers messages and buttons over the socket, with statuses', async () => {
    const { socket, chatId, greeting } = await greetedVisitor();
    expect(greeting).toMatchObject({
      chatId,
      direction: 'out',
      author: { role: 'bot' },
      text: expect.stringContaining('Clínica Bella Piel'),
    });
    // The stored opening makes the bot greet; it is not shown to the visitor.
    expect(socket.messages()).toEqual([greeting]);

    const from = socket.events.length;
    socket.send({ type: 'message-create', id: 'm-1', text: 'xqzv wplk' });
    const echo = await socket.waitFor('message-created', (event) => event.message.clientId === 'm-1');
    expect(echo.message).toMatchObject({
      direction: 'in',
      text: 'xqzv wplk',
      author: { role: 'visitor' },
      status: 'received',
    });
    const fallback = await socket.waitFor('message-created', (event) => event.message.id > echo.message.id);
    expect(fallback.message.buttons).toContainEqual({ id: 'ayuda', title: 'Ver opciones' });
    const typing = socket.events.findIndex(
      (event, index) => index >= from && event.type === 'typing-started',
    );
    expect(typing).toBeGreaterThan(-1);
    expect(typing).toBeLessThan(socket.events.indexOf(fallback));
    await socket.waitFor('message-status-changed', (event) => event.id === echo.message.id);
    await socket.waitFor('message-status-changed', (event) => event.id === fallback.message.id);
    expect(
      socket.events.filter((event) => event.type === 'message-status-changed').map((event) => event),
    ).toEqual(
      expect.arrayContaining([
        { type: 'message-status-changed', id: echo.message.id, status: 'processed' },
        { type: 'message-status-changed', id: fallback.message.id, status: 'delivered' },
      ]),
    );

    socket.send({ type: 'message-create', id: 'm-2', buttonId: 'ayuda' });
    const chosen = await socket.waitFor('message-created', (event) => event.message.clientId === 'm-2');
    expect(chosen.message.text).toBe('Ver opciones');
    const help = await socket.waitFor('message-created', (event) => event.message.id > chosen.message.id);
    expect(help.message.text).toContain('Esto es lo que puedo hacer por ti');
    const stored = await server.db
      .selectFrom('messages')
      .select(['status', 'provider_message_id'])
      .where('id', '=', help.message.id)
      .executeTakeFirstOrThrow();
    expect(stored.provider_message_id).toBe(`webchat-${help.message.id}`);
    await socket.waitFor('message-status-changed', (event) => event.id === help.message.id);
  });

  it('sends a reconnecting socket what it missed, in order, and a reload the whole chat', async () => {
    const { visitor, socket, greeting } = await greetedVisitor();
    await socket.close();

    // While this socket is closed, the visitor writes from another tab and the bot answers there.
    const otherTab = await open(visitor.token, greeting.id);
    otherTab.send({ type: 'message-create', id: 'm-1', text: 'ayuda' });
    const echo = await otherTab.waitFor('message-created', (event) => event.message.clientId === 'm-1');
    const reply = await otherTab.waitFor('message-created', (event) => event.message.id > echo.message.id);
    await otherTab.close();
    const missed = await server.db
      .selectFrom('messages')
      .select('id')
      .where('id', '>', greeting.id)
      .orderBy('id')
      .execute();
    expect(missed.map((message) => message.id)).toEqual([echo.message.id, reply.message.id]);

    const resumed = await open(visitor.token, greeting.id);
    await resumed.waitFor('message-created', (event) => event.message.id === reply.message.id);
    expect(resumed.messages().map((message) => message.id)).toEqual([echo.message.id, reply.message.id]);
    expect(resumed.messages()[1]).toMatchObject({ text: reply.message.text, status: 'delivered' });
    expect(resumed.events[0]).toMatchObject({ type: 'socket-opened', visitorId: visitor.visitorId });

    const reloaded = await open(visitor.token);
    await reloaded.waitFor('message-created', (event) => event.message.id === reply.message.id);
    expect(reloaded.messages().map((message) => message.id)).toEqual([
      greeting.id,
      echo.message.id,
      reply.message.id,
    ]);
    expect(reloaded.events[0]).toMatchObject({ chat: { status: 'bot', agent: null } });
  });

  it('stores a re-sent frame once and answers it once', async () => {
    const { socket, visitor, chatId } = await greetedVisitor();
    socket.send({ type: 'chat-create', id: 'chat-1' });
    socket.send({ type: 'message-create', id: 'same', text: 'ayuda' });
    socket.send({ type: 'message-create', id: 'same', text: 'ayuda' });
    const echo = await socket.waitFor('message-created', (event) => event.message.clientId === 'same');
    await socket.waitFor('message-created', (event) => event.message.id > echo.message.id);
    socket.send({ type: 'message-create', id: 'same', text: 'ayuda' });
    socket.send({ type: 'message-create', id: 'after', text: 'gracias, chao' });
    const last = await socket.waitFor('message-created', (event) => event.message.clientId === 'after');
    await socket.waitFor('message-created', (event) => event.message.id > last.message.id);

    expect(await storedIds(visitor.visitorId)).toEqual(['chat-1', 'same', 'after']);
    expect(socket.messages().filter((message) => message.clientId === 'same')).toHaveLength(1);
    const turns = await server.db
      .selectFrom('turns')
      .select('id')
      .where('conversation_id', '=', chatId)
      .execute();
    expect(turns).toHaveLength(3);
  });

  it('refuses messages over the size and rate limits, and unreadable frames, storing nothing', async () => {
    const { socket, visitor } = await greetedVisitor('strict');

    socket.send({ type: 'message-create', id: 'long', text: 'x'.repeat(21) });
    expect(await socket.waitFor('message-rejected', (event) => event.id === 'long')).toEqual({
      type: 'message-rejected',
      id: 'long',
      reason: 'too_long',
      message: 'Tu mensaje es demasiado largo: escríbelo en menos de 20 caracteres.',
    });
    socket.send({ type: 'message-create', id: 'blank', text: '   ' });
    await socket.waitFor('message-rejected', (event) => event.id === 'blank' && event.reason === 'empty');
    socket.send({ type: 'message-create', id: 'gone', buttonId: 'no-such-option' });
    await socket.waitFor(
      'message-rejected',
      (event) => event.id === 'gone' && event.reason === 'unknown_button',
    );
    socket.send({ type: 'message-create', text: 'sin id' });
    const invalid = await socket.waitFor('message-rejected', (event) => event.reason === 'invalid_frame');
    expect(invalid).toMatchObject({ id: null, detail: expect.stringContaining('id') });
    socket.socket.send('not json');
    await socket.waitFor(
      'message-rejected',
      (event) => event.reason === 'invalid_frame' && event.detail!.includes('not valid JSON'),
    );
    expect(await storedIds(visitor.visitorId)).toEqual(['chat-1']);

    // The opening counts: with a limit of 3 a minute, two messages go through and the third is refused.
    socket.send({ type: 'message-create', id: 'r-1', text: 'hola' });
    socket.send({ type: 'message-create', id: 'r-2', text: 'hola' });
    socket.send({ type: 'message-create', id: 'r-3', text: 'hola' });
    const limited = await socket.waitFor('message-rejected', (event) => event.id === 'r-3');
    expect(limited.reason).toBe('rate_limited');
    expect(limited.message).toContain('3 por minuto');
    expect(await storedIds(visitor.visitorId)).toEqual(['chat-1', 'r-1', 'r-2']);

    clock.advance(61_000);
    socket.send({ type: 'message-create', id: 'r-4', text: 'hola' });
    await socket.waitFor('message-created', (event) => event.message.clientId === 'r-4');
  });

  it("delivers an agent's message after assignment, with chat-assigned first, and chat-released after", async () => {
    const { socket, chatId } = await greetedVisitor();
    socket.send({ type: 'message-create', id: 'human', text: 'quiero hablar con una persona' });
    const echo = await socket.waitFor('message-created', (event) => event.message.clientId === 'human');
    await socket.waitFor('message-created', (event) => event.message.id > echo.message.id);

    const queue = await server.request('GET', '/api/v1/tenants/clinica/handoffs?status=queued');
    const handoff = (queue.json().handoffs as { id: string; conversationId: string }[]).find(
      (candidate) => candidate.conversationId === chatId,
    );
    expect(handoff).toBeDefined();
    const assigned = await server.request('POST', `/api/v1/tenants/clinica/handoffs/${handoff!.id}/assign`, {
      agentId: 'laura',
    });
    expect(assigned.statusCode).toBe(200);
    const sent = await server.request(
      'POST',
      `/api/v1/tenants/clinica/conversations/${chatId}/agent-messages`,
      {
        agentId: 'laura',
        text: 'Hola, soy Laura. ¿En qué te ayudo?',
      },
    );
    expect(sent.statusCode).toBe(202);

    const fromAgent = await socket.waitFor(
      'message-created',
      (event) => event.message.author.role === 'agent',
    );
    expect(fromAgent.message).toMatchObject({
      id: sent.json().messageId,
      text: 'Hola, soy Laura. ¿En qué te ayudo?',
      author: { role: 'agent', name: 'Laura' },
    });
    const joined = await socket.waitFor('chat-assigned');
    expect(joined).toEqual({
      type: 'chat-assigned',
      chat: { id: chatId, status: 'human', agent: { name: 'Laura' } },
      agent: { name: 'Laura' },
    });
    expect(socket.events.indexOf(joined)).toBeLessThan(socket.events.indexOf(fromAgent));

    const released = await server.request('POST', `/api/v1/tenants/clinica/conversations/${chatId}/release`);
    expect(released.statusCode).toBe(200);
    expect(await socket.waitFor('chat-released')).toEqual({
      type: 'chat-released',
      chat: { id: chatId, status: 'bot', agent: null },
    });
    const reconnected = await open((await register()).token);
    expect(reconnected.events[0]).toMatchObject({ type: 'socket-opened', chat: null });
  });
});
