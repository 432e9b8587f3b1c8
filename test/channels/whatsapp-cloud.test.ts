/** The WhatsApp Cloud API channel end to end: signed webhooks in through the real server, replies out to a fake Graph API. */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { FakeProvider } from '../support/fake-provider.ts';
import { DIALECTS } from '../support/databases.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  ACCESS_TOKEN,
  AUTOS_NUMBER,
  CLINICA_NUMBER,
  CUSTOMER,
  FIXTURES,
  fixtureText,
  graphAnswer,
  isTyping,
  messageWebhook,
  nextAttempt,
  postWebhook,
  sends,
  sign,
  startFakeGraphApi,
  statusWebhook,
  textWebhook,
  whatsappConnection,
} from './whatsapp-cloud-support.ts';

const GREETING = '¡Hola, Ana! Soy el asistente virtual de Negocio clinica. ¿En qué te puedo ayudar?';
const FAST_RETRIES = { outbox: { baseDelayMs: 1, maxDelayMs: 5 } };

describe.each(DIALECTS)('WhatsApp Cloud API channel on %s', (dialect) => {
  let fake: FakeProvider;
  let server: TestServer | undefined;

  beforeEach(async () => {
    fake = await startFakeGraphApi();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await fake.close();
  });

  async function start(
    settings: { clinica?: Record<string, unknown>; autos?: Record<string, unknown> } = {},
    clock?: ReturnType<typeof createManualClock>,
  ): Promise<TestServer> {
    server = await startTestServer({
      dialect,
      ...(clock ? { clock } : {}),
      pipeline: FAST_RETRIES,
      config: testConfig([
        { id: 'clinica', connections: [whatsappConnection(fake, CLINICA_NUMBER, settings.clinica)] },
        { id: 'autos', connections: [whatsappConnection(fake, AUTOS_NUMBER, settings.autos)] },
      ]),
    });
    return server;
  }

  /** Posts a signed text webhook and resolves once its reply has been stored as sent (or failed). */
  async function converse(tenant: string, number: string, id: string, text: string) {
    const attempt = nextAttempt(server!, (candidate) => candidate.status !== 'queued');
    const response = await postWebhook(server!, tenant, textWebhook(number, id, text));
    expect(response.statusCode).toBe(200);
    return attempt;
  }

  async function outbound(messageId: number) {
    return server!.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
  }

  it('answers a signed "hola" with exactly the request Meta expects', async () => {
    await start();
    const attempt = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-1', 'hola');
    expect(attempt.status).toBe('sent');

    const [reply] = sends(fake);
    expect(reply!.method).toBe('POST');
    expect(reply!.path).toBe(`/v23.0/${CLINICA_NUMBER}/messages`);
    expect(reply!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(reply!.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CUSTOMER,
      type: 'text',
      text: { preview_url: false, body: GREETING },
    });
    // The customer saw the message read and "typing…" while the turn ran.
    expect(fake.requests.filter(isTyping).map((request) => request.json)).toEqual([
      {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.IN-1',
        typing_indicator: { type: 'text' },
      },
    ]);

    const stored = await outbound(attempt.messageId);
    expect([stored.status, stored.provider_message_id]).toEqual(['sent', 'wamid.OUT-1']);
    const inbound = await server!.db
      .selectFrom('messages')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select([
        'messages.kind',
        'messages.text',
        'messages.provider_message_id',
        'contacts.name',
        'contacts.external_id',
      ])
      .where('messages.direction', '=', 'in')
      .execute();
    expect(inbound).toEqual([
      { kind: 'text', text: 'hola', provider_message_id: 'wamid.IN-1', name: 'Ana', external_id: CUSTOMER },
    ]);
  });

  it('stores every recorded payload and runs a turn for each message, whatever its kind', async () => {
    await start();
    const payloads = readdirSync(FIXTURES)
      .filter((name) => name.startsWith('inbound_') || name.startsWith('v25_') || name.startsWith('signed_'))
      .map((name, index) =>
        fixtureText(name)
          .replaceAll(/"phone_number_id":\s*"\d+"/g, `"phone_number_id": "${CLINICA_NUMBER}"`)
          .replaceAll(/"id":\s*"(wamid\.[^"]*|ABGGFlA5Fpa)"/g, `"id": "wamid.FIXTURE-${index}-$1"`),
      );
    for (const body of payloads) expect((await postWebhook(server!, 'clinica', body)).statusCode).toBe(200);
    const inbound = await server!.db
      .selectFrom('messages')
      .select(['id', 'kind'])
      .where('direction', '=', 'in')
      .execute();
    expect(new Set(inbound.map((message) => message.kind))).toEqual(
      new Set(['text', 'media', 'location', 'contacts', 'interactive', 'reaction', 'unsupported']),
    );
    for (const message of inbound) await server!.orquesta.pipeline.waitForTurn(message.id, 15_000);
    expect((await server!.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('answers a webhook Meta delivers three times only once', async () => {
    await start();
    const body = textWebhook(CLINICA_NUMBER, 'wamid.IN-SAME', 'hola');
    const first = nextAttempt(server!, (attempt) => attempt.status === 'sent');
    const answers = [];
    for (let delivery = 0; delivery < 3; delivery++)
      answers.push((await postWebhook(server!, 'clinica', body)).statusCode);
    expect(answers).toEqual([200, 200, 200]);
    await first;
    // Replies of one conversation go out in order: once the next message is answered, a second answer to
    // the first would have been sent already.
    await converse('clinica', CLINICA_NUMBER, 'wamid.IN-NEXT', 'adiós');

    const texts = sends(fake).map((request) => (request.json as { text: { body: string } }).text.body);
    expect(texts.filter((text) => text === GREETING)).toHaveLength(1);
    expect(texts).toHaveLength(2);
    expect(
      await server!.db.selectFrom('messages').select('id').where('direction', '=', 'in').execute(),
    ).toHaveLength(2);
    expect(await server!.db.selectFrom('turns').select('id').execute()).toHaveLength(2);
  });

  it('refuses a bad or missing signature with 401, stores nothing, and logs the refusal', async () => {
    await start();
    const body = textWebhook(CLINICA_NUMBER, 'wamid.FORGED', 'hola');
    const forged = await postWebhook(server!, 'clinica', body, sign(body, 'not the app secret'));
    const unsigned = await postWebhook(server!, 'clinica', body, null);
    const tampered = await postWebhook(server!, 'clinica', body.replace('hola', 'HOLA'), sign(body));
    expect([forged.statusCode, unsigned.statusCode, tampered.statusCode]).toEqual([401, 401, 401]);
    expect(forged.json().error.message).toContain('X-Hub-Signature-256');

    expect(await server!.db.selectFrom('messages').select('id').execute()).toHaveLength(0);
    expect(await server!.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
    const log = await server!.request('GET', '/api/v1/tenants/clinica/webhook-log?failed=true');
    expect(log.statusCode).toBe(200);
    const entries = log.json().entries as {
      status: number;
      error: string;
      connectionId: string;
      payload: unknown;
    }[];
    expect(entries).toHaveLength(3);
    expect(entries.every((entry) => entry.status === 401 && entry.connectionId === 'whatsapp')).toBe(true);
    expect(entries.map((entry) => entry.error)).toEqual(
      expect.arrayContaining([
        'the X-Hub-Signature-256 header is missing',
        expect.stringContaining('does not match the body'),
      ]),
    );
  });

  it('refuses every webhook of a connection without an app secret, saying which variable to set', async () => {
    await start({ clinica: { appSecret: '' } });
    const body = textWebhook(CLINICA_NUMBER, 'wamid.X', 'hola');
    const response = await postWebhook(server!, 'clinica', body);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain(
      'connection "whatsapp" has no appSecret: set WHATSAPP_APP_SECRET',
    );
    expect(await server!.db.selectFrom('messages').select('id').execute()).toHaveLength(0);
  });

  it('answers the subscription check with the challenge, and only with the right token', async () => {
    await start({ autos: { verifyToken: '' } });
    const check = (tenant: string, token: string) =>
      server!.app.inject({
        method: 'GET',
        url: `/webhooks/${tenant}/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      });
    const accepted = await check('clinica', 'verify-me');
    expect([accepted.statusCode, accepted.headers['content-type'], accepted.body]).toEqual([
      200,
      'text/plain',
      '1158201444',
    ]);
    expect((await check('clinica', 'wrong')).statusCode).toBe(403);
    const unconfigured = await check('autos', 'verify-me');
    expect(unconfigured.statusCode).toBe(403);
    expect(unconfigured.body).toContain('has no verifyToken: set WHATSAPP_VERIFY_TOKEN');
  });

  it('retries a send the API answers with 500 twice, and delivers it once', async () => {
    await start();
    let sendCalls = 0;
    const answer = graphAnswer(() => 'wamid.OUT-RETRIED');
    fake.respondWith((request) => {
      if (isTyping(request)) return answer(request);
      sendCalls += 1;
      return sendCalls <= 2
        ? { status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } }
        : answer(request);
    });
    const attempt = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-RETRY', 'hola');
    expect(attempt).toMatchObject({ status: 'sent', attempt: 3 });
    const requests = sends(fake);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    const stored = await outbound(attempt.messageId);
    expect([stored.status, stored.attempts, stored.provider_message_id, stored.error_code]).toEqual([
      'sent',
      3,
      'wamid.OUT-RETRIED',
      null,
    ]);
  });

  it("records a permanent 4xx as failed with Meta's code and message", async () => {
    await start();
    const answer = graphAnswer(() => 'unused');
    fake.respondWith((request) =>
      isTyping(request)
        ? answer(request)
        : {
            status: 400,
            body: {
              error: {
                message: '(#131026) Message Undeliverable.',
                type: 'OAuthException',
                code: 131026,
                error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable.' },
                fbtrace_id: 'AbCdEf',
              },
            },
          },
    );
    const attempt = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-FAIL', 'hola');
    expect(attempt).toMatchObject({ status: 'failed', attempt: 1, errorCode: '131026' });
    expect(sends(fake)).toHaveLength(1);
    const stored = await outbound(attempt.messageId);
    expect(stored.status).toBe('failed');
    expect(stored.error_code).toBe('131026');
    expect(stored.error_message).toContain('(#131026) Message Undeliverable.');
  });

  it('moves a message forward with its statuses, whatever order they arrive in', async () => {
    await start();
    const attempt = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-S', 'hola');
    const wamid = (await outbound(attempt.messageId)).provider_message_id!;
    const statuses = [];
    for (const status of ['read', 'delivered', 'sent']) {
      statuses.push(
        (await postWebhook(server!, 'clinica', statusWebhook(CLINICA_NUMBER, wamid, status))).statusCode,
      );
      if (status === 'read') expect((await outbound(attempt.messageId)).status).toBe('read');
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect((await outbound(attempt.messageId)).status).toBe('read');

    const second = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-S2', 'hola otra vez');
    const secondWamid = (await outbound(second.messageId)).provider_message_id!;
    await postWebhook(server!, 'clinica', statusWebhook(CLINICA_NUMBER, secondWamid, 'delivered'));
    expect((await outbound(second.messageId)).status).toBe('delivered');
    const failed = statusWebhook(CLINICA_NUMBER, secondWamid, 'failed', [
      { code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' },
    ]);
    expect((await postWebhook(server!, 'clinica', failed)).statusCode).toBe(200);
    const stored = await outbound(second.messageId);
    expect([stored.status, stored.error_code]).toEqual(['failed', '131049']);
    expect(stored.error_message).toContain('healthy ecosystem engagement');

    // A status for a message Orquesta never sent is kept and acknowledged.
    expect(
      (await postWebhook(server!, 'clinica', statusWebhook(CLINICA_NUMBER, 'wamid.UNKNOWN', 'read')))
        .statusCode,
    ).toBe(200);
  });

  it("routes events by phone_number_id to that number's tenant", async () => {
    await start();
    const autosReply = await converse('autos', AUTOS_NUMBER, 'wamid.IN-AUTOS', 'hola');
    expect(sends(fake)[0]!.path).toBe(`/v23.0/${AUTOS_NUMBER}/messages`);
    const wamid = (await outbound(autosReply.messageId)).provider_message_id!;

    // Meta posts every number of the app to one URL: here, clinica's.
    const status = await postWebhook(server!, 'clinica', statusWebhook(AUTOS_NUMBER, wamid, 'delivered'));
    expect(status.statusCode).toBe(200);
    expect((await outbound(autosReply.messageId)).status).toBe('delivered');

    const routed = nextAttempt(server!, (attempt) => attempt.status === 'sent');
    await postWebhook(server!, 'clinica', textWebhook(AUTOS_NUMBER, 'wamid.IN-AUTOS-2', 'buenas'));
    await routed;
    const inbound = await server!.db
      .selectFrom('messages')
      .select(['tenant_id', 'provider_message_id'])
      .where('direction', '=', 'in')
      .orderBy('id')
      .execute();
    expect(inbound).toEqual([
      { tenant_id: 'autos', provider_message_id: 'wamid.IN-AUTOS' },
      { tenant_id: 'autos', provider_message_id: 'wamid.IN-AUTOS-2' },
    ]);
    expect(sends(fake).map((request) => request.path)).toEqual([
      `/v23.0/${AUTOS_NUMBER}/messages`,
      `/v23.0/${AUTOS_NUMBER}/messages`,
    ]);

    // A number no connection has is acknowledged and ignored.
    const stray = await postWebhook(
      server!,
      'clinica',
      textWebhook('999999999999999', 'wamid.STRAY', 'hola'),
    );
    expect(stray.statusCode).toBe(200);
    expect(
      await server!.db
        .selectFrom('messages')
        .select('id')
        .where('provider_message_id', '=', 'wamid.STRAY')
        .execute(),
    ).toHaveLength(0);
  });

  it("does not let one tenant's app secret write into another tenant's number", async () => {
    await start({ autos: { appSecret: 'the-autos-app-secret' } });
    const body = textWebhook(AUTOS_NUMBER, 'wamid.CROSS', 'hola');
    const response = await postWebhook(server!, 'clinica', body, sign(body));
    expect(response.statusCode).toBe(200);
    expect(await server!.db.selectFrom('messages').select('id').execute()).toHaveLength(0);
  });

  it('sends the window template when the customer last wrote more than 24 hours ago', async () => {
    // The pipeline's clock stands 25 hours behind the channel's (the real one): the customer's message is old.
    const clock = createManualClock(new Date(Date.now() - 25 * 3_600_000));
    await start({ clinica: { windowTemplate: { name: 'retomar_conversacion', language: 'es_CO' } } }, clock);
    const attempt = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-OLD', 'hola');
    expect(attempt.status).toBe('sent');
    expect(sends(fake).map((request) => request.json)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: CUSTOMER,
        type: 'template',
        template: { name: 'retomar_conversacion', language: { code: 'es_CO' } },
      },
    ]);
  });

  it('offers buttons as interactive reply buttons, and reads the button the customer taps', async () => {
    await start();
    const attempt = await converse('clinica', CLINICA_NUMBER, 'wamid.IN-HUH', 'zxqv wprt');
    expect(attempt.status).toBe('sent');
    expect(sends(fake)[0]!.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CUSTOMER,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Perdona, no te entendí. ¿Me lo puedes decir de otra forma?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'ayuda', title: 'Ver opciones' } }] },
      },
    });

    const tapped = nextAttempt(server!, (candidate) => candidate.status === 'sent');
    const tap = messageWebhook(CLINICA_NUMBER, {
      id: 'wamid.IN-TAP',
      type: 'interactive',
      context: { from: CLINICA_NUMBER, id: 'wamid.OUT-1' },
      interactive: { type: 'button_reply', button_reply: { id: 'ayuda', title: 'Ver opciones' } },
    });
    expect((await postWebhook(server!, 'clinica', tap)).statusCode).toBe(200);
    await tapped;
    const stored = await server!.db
      .selectFrom('messages')
      .select(['kind', 'text', 'payload', 'turn_id'])
      .where('provider_message_id', '=', 'wamid.IN-TAP')
      .executeTakeFirstOrThrow();
    expect([stored.kind, stored.text, JSON.parse(stored.payload).buttonId]).toEqual([
      'interactive',
      'Ver opciones',
      'ayuda',
    ]);
    expect(stored.turn_id).not.toBeNull();
  });
});
