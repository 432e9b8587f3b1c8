/**
 * Gupshup end to end through the real server: webhooks posted with the connection's token, replies sent to
 * a fake Gupshup on loopback that records exactly what it received.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isOptedOut } from '../../src/pipeline/contact-events.ts';
import { DIALECTS } from '../support/databases.ts';
import { startFakeProvider, type FakeProvider, type RecordedRequest } from '../support/fake-provider.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const TOKEN = 'gupshup-webhook-token-0123456789abcdef';
const API_KEY = 'gupshup-api-key-0123456789';
const CUSTOMER = '5215598765432';
const FIXTURES = new URL('../../src/channels/gupshup/__fixtures__/', import.meta.url);

function textMessage(id: string, text: string, from = CUSTOMER) {
  return {
    app: 'autosconfianza',
    timestamp: 1718007189549,
    version: 2,
    type: 'message',
    payload: {
      id,
      source: from,
      type: 'text',
      payload: { text },
      sender: { phone: from, name: 'Lucía', country_code: '52', dial_code: from.slice(2) },
    },
  };
}

function messageEvent(
  type: string,
  ids: { id: string; gsId?: string },
  payload: Record<string, unknown> = {},
) {
  return {
    app: 'autosconfianza',
    timestamp: 1718007199549,
    version: 2,
    type: 'message-event',
    payload: { ...ids, type, destination: CUSTOMER, payload },
  };
}

function userEvent(type: string) {
  return {
    app: 'autosconfianza',
    timestamp: 1718007189549,
    version: 2,
    type: 'user-event',
    payload: { phone: CUSTOMER, type },
  };
}

describe.each(DIALECTS)('Gupshup end to end on %s', (dialect) => {
  let fake: FakeProvider;
  let server: TestServer;
  let sent = 0;

  beforeEach(async () => {
    sent = 0;
    fake = await startFakeProvider(() => ({
      status: 202,
      body: { status: 'submitted', messageId: `gs-${++sent}` },
    }));
    server = await startTestServer({
      dialect,
      config: testConfig([
        {
          id: 'autos',
          connections: [
            { id: 'test', channel: 'test', settings: {} },
            {
              id: 'gupshup',
              channel: 'gupshup',
              settings: {
                appName: 'autosconfianza',
                source: '5215512345678',
                apiKey: API_KEY,
                webhookToken: TOKEN,
                apiBaseUrl: fake.baseUrl,
              },
            },
          ],
        },
      ]),
      pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } },
    });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  function post(body: unknown, options: { url?: string; headers?: Record<string, string> } = {}) {
    return server.app.inject({
      method: 'POST',
      url: options.url ?? `/webhooks/autos/gupshup?token=${TOKEN}`,
      headers: { 'content-type': 'application/json', 'user-agent': 'Gupshup', ...options.headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  const sends = (request: RecordedRequest) => request.path === '/wa/api/v1/msg';

  async function outbound() {
    return server.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'out')
      .orderBy('id')
      .execute();
  }

  async function count(table: 'messages' | 'contacts' | 'delivery_statuses') {
    const rows = await server.db.selectFrom(table).select('id').execute();
    return rows.length;
  }

  /** Waits until the outbox stored an outcome (sent or failed) for every outbound message. */
  async function settled(expected: number) {
    let rows: Awaited<ReturnType<typeof outbound>> = [];
    await vi.waitFor(
      async () => {
        rows = await outbound();
        expect(rows).toHaveLength(expected);
        for (const row of rows) expect(['sent', 'delivered', 'read', 'failed']).toContain(row.status);
      },
      { timeout: 10_000, interval: 20 },
    );
    return rows;
  }

  it('answers a webhook with exactly the request Gupshup expects, and a replay with nothing more', async () => {
    const webhook = textMessage('ABEGkZUTIXZ0Ago6jWqOZm-Sz0WD', 'hola');
    const response = await post(webhook);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');

    const [request] = await fake.waitForRequests(1, sends);
    expect(request!.method).toBe('POST');
    expect(request!.headers.apikey).toBe(API_KEY);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = Object.fromEntries(request!.form!);
    expect(Object.keys(form).sort()).toEqual(['channel', 'destination', 'message', 'source', 'src.name']);
    expect(form).toMatchObject({
      channel: 'whatsapp',
      source: '5215512345678',
      destination: CUSTOMER,
      'src.name': 'autosconfianza',
    });
    const [reply] = await settled(1);
    expect(JSON.parse(form.message!)).toEqual({ type: 'text', text: reply!.text });
    expect(reply).toMatchObject({ status: 'sent', provider_message_id: 'gs-1', attempts: 1 });

    // The same webhook again (Gupshup retries when it gets no 2xx in time): stored once, answered once.
    expect((await post(webhook)).statusCode).toBe(200);
    const inbound = await server.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'in')
      .execute();
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ provider_message_id: 'ABEGkZUTIXZ0Ago6jWqOZm-Sz0WD', kind: 'text' });
    // A later message is answered, and still only one reply per message was ever sent.
    expect((await post(textMessage('ABEG-second', 'hola de nuevo'))).statusCode).toBe(200);
    await settled(2);
    expect(fake.requests.filter(sends)).toHaveLength(2);
  });

  it.each([
    ['no token', { url: '/webhooks/autos/gupshup' }],
    ['a wrong token', { url: `/webhooks/autos/gupshup?token=${TOKEN.slice(0, -1)}x` }],
    ['a wrong header token', { url: '/webhooks/autos/gupshup', headers: { 'x-orquesta-token': 'nope' } }],
  ])('refuses a webhook with %s: 401 and nothing stored', async (_what, options) => {
    const response = await post(textMessage('ABEG-refused', 'hola'), options);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await count('messages')).toBe(0);
    expect(await count('contacts')).toBe(0);
    const [logged] = await server.db.selectFrom('webhook_log').selectAll().execute();
    expect(logged).toMatchObject({ status_code: 401, payload: '' });
  });

  it('accepts the token in the x-orquesta-token header, and never writes it to a log', async () => {
    const byHeader = await post(textMessage('ABEG-header', 'hola'), {
      url: '/webhooks/autos/gupshup',
      headers: { 'x-orquesta-token': TOKEN },
    });
    expect(byHeader.statusCode).toBe(200);
    expect((await post(textMessage('ABEG-query', 'hola'))).statusCode).toBe(200);
    await settled(2);
    const everything = server.logLines.join('');
    expect(everything).toContain('/webhooks/autos/gupshup?token=redacted');
    expect(everything).not.toContain(TOKEN);
    const logged = await server.db.selectFrom('webhook_log').selectAll().execute();
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });

  it('delivers once when Gupshup answers 500 twice, then accepts', async () => {
    fake.enqueue(
      { status: 500, body: { status: 'error', message: 'Internal Server Error' } },
      { status: 500, body: { status: 'error', message: 'Internal Server Error' } },
    );
    expect((await post(textMessage('ABEG-retry', 'hola'))).statusCode).toBe(200);
    const [reply] = await settled(1);
    expect(reply).toMatchObject({ status: 'sent', attempts: 3, provider_message_id: 'gs-1' });
    expect(fake.requests.filter(sends)).toHaveLength(3);
    expect(sent).toBe(1);
  });

  it('records a 4xx as a permanent failure, with its code and message', async () => {
    fake.enqueue({ status: 400, body: { status: 'error', message: 'Invalid Destination' } });
    expect((await post(textMessage('ABEG-refuse', 'hola'))).statusCode).toBe(200);
    const [reply] = await settled(1);
    expect(reply).toMatchObject({ status: 'failed', attempts: 1, error_code: 'http_400' });
    expect(reply!.error_message).toContain('Invalid Destination');
    expect(fake.requests.filter(sends)).toHaveLength(1);
  });

  it('moves the reply forward with status callbacks in either format, whatever their order', async () => {
    expect((await post(textMessage('ABEG-status', 'hola'))).statusCode).toBe(200);
    const [reply] = await settled(1);
    const gsId = reply!.provider_message_id!;
    const status = async () => (await outbound())[0]!.status;

    // Delivered (v2) arrives before sent (v3): the message stays delivered.
    expect(
      (await post(messageEvent('delivered', { id: 'gBEG-wamid', gsId }, { ts: 1718007200 }))).statusCode,
    ).toBe(200);
    expect(await status()).toBe('delivered');
    const v3Sent = JSON.parse(readFileSync(new URL('message_event_v3_sent.json', FIXTURES), 'utf8'));
    v3Sent.entry[0].changes[0].value.statuses[0].gs_id = gsId;
    expect((await post(v3Sent)).statusCode).toBe(200);
    expect(await status()).toBe('delivered');
    expect((await post(messageEvent('read', { id: 'gBEG-wamid', gsId }))).statusCode).toBe(200);
    expect(await status()).toBe('read');
    // Enqueued says nothing new, and a late failure cannot undo a read.
    expect((await post(messageEvent('enqueued', { id: gsId }))).statusCode).toBe(200);
    expect((await post(messageEvent('failed', { id: gsId }, { code: 1002, reason: 'x' }))).statusCode).toBe(
      200,
    );
    expect(await status()).toBe('read');
  });

  it('records a failed status with Gupshup’s code and reason', async () => {
    expect((await post(textMessage('ABEG-failed', 'hola'))).statusCode).toBe(200);
    const [reply] = await settled(1);
    const failed = messageEvent(
      'failed',
      { id: reply!.provider_message_id! },
      { code: 1002, reason: 'Number Does Not Exist On WhatsApp' },
    );
    expect((await post(failed)).statusCode).toBe(200);
    expect((await outbound())[0]).toMatchObject({
      status: 'failed',
      error_code: '1002',
      error_message: 'Number Does Not Exist On WhatsApp',
    });
  });

  it('records opt-outs and opt-ins on the contact; a contact who opted out is still answered', async () => {
    expect((await post(userEvent('opted-out'))).statusCode).toBe(200);
    const contact = await server.db
      .selectFrom('contacts')
      .selectAll()
      .where('external_id', '=', CUSTOMER)
      .executeTakeFirstOrThrow();
    expect(contact.opted_out_at).not.toBeNull();
    expect(await isOptedOut(server.db, contact.id)).toBe(true);

    // Replies to the customer's own messages are not proactive: they still go.
    expect((await post(textMessage('ABEG-optedout', 'hola'))).statusCode).toBe(200);
    await settled(1);
    expect(await count('contacts')).toBe(1);

    expect((await post(userEvent('opted-in'))).statusCode).toBe(200);
    const after = await server.db
      .selectFrom('contacts')
      .select('opted_out_at')
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(after.opted_out_at).toBeNull();
    expect(await isOptedOut(server.db, contact.id)).toBe(false);

    // sandbox-start is acknowledged and changes nothing.
    expect((await post(userEvent('sandbox-start'))).statusCode).toBe(200);
    expect(await isOptedOut(server.db, contact.id)).toBe(false);
  });

  it('offers the fallback’s button as a quick_reply, and reads the tap on it back', async () => {
    expect((await post(textMessage('ABEG-unknown', 'xqzv plmk wrtb'))).statusCode).toBe(200);
    const [request] = await fake.waitForRequests(1, sends);
    const message = JSON.parse(request!.form!.get('message')!);
    expect(message).toMatchObject({
      type: 'quick_reply',
      content: { type: 'text', text: expect.any(String) },
      options: [{ title: 'Ver opciones', postbackText: 'ayuda' }],
    });
    expect(message.options).toHaveLength(1);
    const [reply] = await settled(1);
    expect(message.msgid).toBe(String(reply!.id));

    const tap = {
      app: 'autosconfianza',
      timestamp: 1718007289549,
      version: 2,
      type: 'message',
      payload: {
        id: 'ABEG-tap',
        source: CUSTOMER,
        type: 'button_reply',
        payload: {
          title: 'Ver opciones',
          id: String(reply!.id),
          reply: 'Ver opciones 1',
          postbackText: 'ayuda',
        },
        sender: { phone: CUSTOMER, name: 'Lucía' },
        context: { id: 'gBEG-wamid', gsId: reply!.provider_message_id },
      },
    };
    expect((await post(tap)).statusCode).toBe(200);
    const stored = await server.db
      .selectFrom('messages')
      .selectAll()
      .where('provider_message_id', '=', 'ABEG-tap')
      .executeTakeFirstOrThrow();
    expect(stored.kind).toBe('interactive');
    expect(JSON.parse(stored.payload)).toMatchObject({
      buttonId: 'ayuda',
      replyTo: reply!.provider_message_id,
    });
    await settled(2);
  });

  it('stores every message and status of a v3 payload', async () => {
    const batch = readFileSync(new URL('inbound_batch_v3.json', FIXTURES), 'utf8');
    expect((await post(batch)).statusCode).toBe(200);
    const inbound = await server.db
      .selectFrom('messages')
      .select(['provider_message_id', 'kind'])
      .where('direction', '=', 'in')
      .orderBy('id')
      .execute();
    expect(inbound).toEqual([
      { provider_message_id: 'wamid.xyzxyz', kind: 'text' },
      { provider_message_id: 'wamid.second', kind: 'text' },
      { provider_message_id: 'wamid.image', kind: 'media' },
    ]);
    expect(await count('delivery_statuses')).toBe(1);
    const [logged] = await server.db.selectFrom('webhook_log').selectAll().execute();
    expect(JSON.parse(logged!.event_types)).toEqual(['message', 'message', 'message', 'status']);
    expect(logged!.payload).not.toContain('Body Text');
  });

  it('acknowledges what it does not read, and refuses what is malformed', async () => {
    const sticker = textMessage('ABEG-odd', 'x');
    sticker.payload.type = 'animated_sticker_pack';
    expect((await post(sticker)).statusCode).toBe(200);
    expect(
      (await post({ app: 'autosconfianza', type: 'billing-event', payload: { deductions: {} } })).statusCode,
    ).toBe(200);
    expect((await post('')).statusCode).toBe(200);
    const [odd] = await server.db.selectFrom('messages').selectAll().where('direction', '=', 'in').execute();
    expect(odd).toMatchObject({ kind: 'unsupported', provider_message_id: 'ABEG-odd' });

    const malformed = await post('{"type": "message", "payload": {"id": 1');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await post({ type: 'message', payload: { type: 'text' } })).statusCode).toBe(400);
    expect(await count('messages')).toBeLessThanOrEqual(2);
  });

  it('refuses webhooks while the connection has no token', async () => {
    await server.close();
    server = await startTestServer({
      dialect,
      config: testConfig([
        {
          id: 'autos',
          connections: [
            {
              id: 'gupshup',
              channel: 'gupshup',
              settings: { appName: 'autosconfianza', source: '5215512345678', webhookToken: '' },
            },
          ],
        },
      ]),
    });
    const response = await post(textMessage('ABEG-bare', 'hola'));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('GUPSHUP_WEBHOOK_TOKEN');
    expect(await count('messages')).toBe(0);
  });
});
