/**
 * The Twilio (WhatsApp) channel end to end: signed form webhooks posted to the real server, replies
 * arriving at a fake Twilio REST API on loopback that answers like Twilio's Messages API.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeliveryAttempt } from '../../src/pipeline/outbox-sender.ts';
import { DIALECTS } from '../support/databases.ts';
import { startFakeProvider, type FakeProvider, type Responder } from '../support/fake-provider.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/test-server.ts';

const ACCOUNT_SID = 'AC1102d7cc2c23d58e0fdf5c6d5544cb80';
const AUTH_TOKEN = 'twilio-auth-token-0123456789abcdef';
const SENDER = 'whatsapp:+14155238886';
const PUBLIC_URL = 'https://bot.example.com';
const WEBHOOK_PATH = '/webhooks/clinica/twilio';
const CUSTOMER = '573001234567';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const BASIC_AUTH = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;

let sequence = 0;
/** A fresh Twilio SID: two letters and 32 hex digits. */
const sid = (prefix = 'SM') => `${prefix}${(++sequence).toString(16).padStart(32, 'a')}`;

/**
 * Answers like Twilio's Messages API: 201 with the created message (its sid also pushed to `created`), or
 * 401 without the right credentials.
 */
function twilioResponder(created: string[]): Responder {
  return (request) => {
    if (request.path !== MESSAGES_PATH || request.headers.authorization !== BASIC_AUTH) {
      return {
        status: 401,
        body: {
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        },
      };
    }
    const messageSid = sid();
    created.push(messageSid);
    return {
      status: 201,
      body: {
        account_sid: ACCOUNT_SID,
        api_version: '2010-04-01',
        body: request.form?.get('Body') ?? '',
        from: request.form?.get('From'),
        to: request.form?.get('To'),
        num_media: '0',
        sid: messageSid,
        status: 'queued',
      },
    };
  };
}

/** An incoming WhatsApp message, with the parameters (and in the order) Twilio's sandbox posts them. */
function inboundForm(text: string, messageSid = sid()): string {
  return new URLSearchParams([
    ['SmsMessageSid', messageSid],
    ['NumMedia', '0'],
    ['ProfileName', 'Ana'],
    ['SmsSid', messageSid],
    ['WaId', CUSTOMER],
    ['SmsStatus', 'received'],
    ['Body', text],
    ['To', SENDER],
    ['NumSegments', '1'],
    ['ReferralNumMedia', '0'],
    ['MessageSid', messageSid],
    ['AccountSid', ACCOUNT_SID],
    ['From', `whatsapp:+${CUSTOMER}`],
    ['ApiVersion', '2010-04-01'],
  ]).toString();
}

function statusForm(messageSid: string, status: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    SmsSid: messageSid,
    SmsStatus: status,
    MessageStatus: status,
    ChannelToAddress: `+${CUSTOMER}`,
    To: `whatsapp:+${CUSTOMER}`,
    ChannelPrefix: 'whatsapp',
    MessageSid: messageSid,
    AccountSid: ACCOUNT_SID,
    From: SENDER,
    ApiVersion: '2010-04-01',
    ...extra,
  }).toString();
}

/**
 * Twilio's signature, written out here independently of Orquesta's: base64 HMAC-SHA1 of the URL followed
 * by every parameter name and value, sorted by name.
 */
function sign(url: string, form: string, token = AUTH_TOKEN): string {
  const params = [...new URLSearchParams(form)].sort(([left], [right]) =>
    left < right ? -1 : left > right ? 1 : 0,
  );
  const data = params.reduce((text, [name, value]) => text + name + value, url);
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

// The channel reads ORQUESTA_PUBLIC_URL for status callback URLs; these tests set the public URL on the app.
beforeAll(() => {
  vi.stubEnv('ORQUESTA_PUBLIC_URL', '');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe.each(DIALECTS)('Twilio channel on %s', (dialect) => {
  let fake: FakeProvider | undefined;
  let server: TestServer | undefined;
  const attempts: DeliveryAttempt[] = [];
  const created: string[] = [];

  afterEach(async () => {
    await server?.close();
    await fake?.close();
    server = undefined;
    fake = undefined;
    attempts.length = 0;
    created.length = 0;
  });

  async function start(
    options: Omit<TestServerOptions, 'dialect'> = {},
    settings: Record<string, unknown> = {},
  ) {
    fake = await startFakeProvider(twilioResponder(created));
    server = await startTestServer({
      dialect,
      config: testConfig([
        {
          id: 'clinica',
          connections: [
            { id: 'test', channel: 'test', settings: {} },
            {
              id: 'twilio',
              channel: 'twilio',
              settings: {
                accountSid: ACCOUNT_SID,
                authToken: AUTH_TOKEN,
                from: SENDER,
                apiBaseUrl: fake.baseUrl,
                ...settings,
              },
            },
          ],
        },
      ]),
      app: { publicUrl: PUBLIC_URL },
      pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } },
      ...options,
    });
    server.orquesta.pipeline.events.on('delivery-attempted', (attempt: DeliveryAttempt) =>
      attempts.push(attempt),
    );
    return { fake, server };
  }

  /** Posts a form as Twilio does, signed over `signedUrl` (the public URL of the webhook by default). */
  function post(form: string, options: { signedUrl?: string; headers?: Record<string, string> } = {}) {
    const signedUrl = options.signedUrl ?? `${PUBLIC_URL}${WEBHOOK_PATH}`;
    return server!.app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(signedUrl, form),
        'i-twilio-idempotency-token': `idem-${sequence}`,
        ...options.headers,
      },
      payload: form,
    });
  }

  /** Resolves with the first delivery attempt that matches, waiting for it if need be (bounded). */
  async function attempt(matches: (attempt: DeliveryAttempt) => boolean): Promise<DeliveryAttempt> {
    const found = attempts.find(matches);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const events = server!.orquesta.pipeline.events;
      const timer = setTimeout(() => {
        events.off('delivery-attempted', listener);
        reject(new Error(`no matching delivery attempt among ${JSON.stringify(attempts)}`));
      }, 10_000);
      function listener(candidate: DeliveryAttempt) {
        if (!matches(candidate)) return;
        clearTimeout(timer);
        events.off('delivery-attempted', listener);
        resolve(candidate);
      }
      events.on('delivery-attempted', listener);
    });
  }

  const outbound = () =>
    server!.db.selectFrom('messages').selectAll().where('direction', '=', 'out').orderBy('id').execute();
  const inbound = () =>
    server!.db.selectFrom('messages').selectAll().where('direction', '=', 'in').orderBy('id').execute();

  it('answers a signed webhook with empty TwiML and sends the reply with exactly the form Twilio expects', async () => {
    const { fake } = await start();
    const response = await post(inboundForm('hola'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toBe(EMPTY_TWIML);

    const [request] = await fake.waitForRequests(1);
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(MESSAGES_PATH);
    expect(request!.headers.authorization).toBe(BASIC_AUTH);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...request!.form!.entries()]).toEqual([
      ['From', SENDER],
      ['To', `whatsapp:+${CUSTOMER}`],
      ['Body', '¡Hola, Ana! Soy el asistente virtual de Negocio clinica. ¿En qué te puedo ayudar?'],
      ['StatusCallback', `${PUBLIC_URL}${WEBHOOK_PATH}`],
    ]);

    const sent = await attempt((candidate) => candidate.status === 'sent');
    const [message] = await outbound();
    expect(message).toMatchObject({ id: sent.messageId, status: 'sent', attempts: 1 });
    expect(message!.provider_message_id).toBe(created[0]);

    const [received] = await inbound();
    expect(received).toMatchObject({ kind: 'text', text: 'hola', connection_id: 'twilio' });
    const contact = await server!.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ external_id: CUSTOMER, name: 'Ana' });

    const [logged] = await server!.db.selectFrom('webhook_log').selectAll().execute();
    expect(logged).toMatchObject({ channel: 'twilio', status_code: 200, event_types: '["message"]' });
    expect(logged!.payload).toContain('MessageSid');
    expect(logged!.payload).not.toContain('hola');
    expect(logged!.payload).not.toContain(CUSTOMER);
  });

  it('keeps texts, names and phone numbers out of the webhook log, whatever field carries them', async () => {
    await start();
    const form = `${inboundForm('mi cédula es 1020304050')}&${new URLSearchParams({
      OriginalRepliedMessageSender: `whatsapp:+${CUSTOMER}`,
      OriginalRepliedMessageSid: sid(),
    })}`;
    expect((await post(form)).statusCode).toBe(200);
    const [logged] = await server!.db.selectFrom('webhook_log').select('payload').execute();
    const payload = JSON.parse(logged!.payload) as Record<string, string>;
    expect(payload).toMatchObject({ MessageSid: expect.stringMatching(/^SM/), SmsStatus: 'received' });
    for (const field of ['Body', 'From', 'WaId', 'ProfileName', 'OriginalRepliedMessageSender'])
      expect(payload[field]).toBe('[redacted]');
    expect(logged!.payload).not.toMatch(/cédula|Ana|3001234567/);
  });

  it('stores a replayed webhook once and replies once', async () => {
    const { fake } = await start();
    const form = inboundForm('hola');
    const first = await post(form);
    const replay = await post(form);
    expect([first.statusCode, replay.statusCode]).toEqual([200, 200]);
    expect(replay.body).toBe(EMPTY_TWIML);
    // A later message of the same conversation is answered after anything the replay could have caused.
    expect((await post(inboundForm('gracias'))).statusCode).toBe(200);
    const requests = await fake.waitForRequests(2);
    expect(requests).toHaveLength(2);
    await attempt(() => attempts.filter((candidate) => candidate.status === 'sent').length === 2);

    expect(fake.requests).toHaveLength(2);
    expect(await inbound()).toHaveLength(2);
    expect(await server!.db.selectFrom('turns').select('id').execute()).toHaveLength(2);
  });

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const { fake } = await start();
    const forged = await post(inboundForm('hola'), {
      headers: { 'x-twilio-signature': 'Zm9yZ2VkIHNpZ25hdHVyZQ==' },
    });
    const otherUrl = await post(inboundForm('hola'), {
      signedUrl: 'https://evil.example.com/webhooks/clinica/twilio',
    });
    const unsigned = await server!.app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: inboundForm('hola'),
    });
    expect([forged.statusCode, otherUrl.statusCode, unsigned.statusCode]).toEqual([401, 401, 401]);
    expect(otherUrl.json().error.message).toContain(`${PUBLIC_URL}${WEBHOOK_PATH}`);

    expect(await inbound()).toHaveLength(0);
    expect(await server!.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
    const logged = await server!.db.selectFrom('webhook_log').select(['status_code', 'payload']).execute();
    expect(logged.map((entry) => entry.status_code)).toEqual([401, 401, 401]);
    expect(logged.every((entry) => entry.payload === '')).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses every webhook with 403 while the connection has no auth token, naming TWILIO_AUTH_TOKEN', async () => {
    await start({}, { authToken: '' });
    const response = await post(inboundForm('hola'));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toMatch(/has no authToken: set TWILIO_AUTH_TOKEN/);
    expect(await inbound()).toHaveLength(0);
  });

  it('delivers once after Twilio answers 500 twice', async () => {
    const { fake } = await start();
    const failure = { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
    fake.enqueue(failure, failure);
    await post(inboundForm('hola'));

    const sent = await attempt((candidate) => candidate.status === 'sent');
    expect(sent.attempt).toBe(3);
    expect(attempts.map((candidate) => candidate.status)).toEqual(['queued', 'queued', 'sent']);
    expect(fake.requests).toHaveLength(3);
    expect(new Set(fake.requests.map((request) => request.body)).size).toBe(1);
    const [message] = await outbound();
    expect(message).toMatchObject({ status: 'sent', attempts: 3, error_code: null });
  });

  it("records a permanent 4xx as failed with Twilio's code and message", async () => {
    const { fake } = await start();
    fake.enqueue({
      status: 400,
      body: {
        code: 21211,
        message: `The 'To' number whatsapp:+${CUSTOMER} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    });
    await post(inboundForm('hola'));

    const failed = await attempt((candidate) => candidate.status === 'failed');
    expect(failed).toMatchObject({ attempt: 1, errorCode: '21211' });
    const [message] = await outbound();
    expect(message).toMatchObject({ status: 'failed', error_code: '21211' });
    expect(message!.error_message).toContain('is not a valid phone number');
    expect(fake.requests).toHaveLength(1);
  });

  it('moves the message forward with status callbacks, never backwards when they arrive out of order', async () => {
    const { fake } = await start();
    await post(inboundForm('hola'));
    await attempt((candidate) => candidate.status === 'sent');
    const [message] = await outbound();
    const messageSid = message!.provider_message_id!;

    for (const status of ['read', 'delivered', 'sent', 'queued']) {
      const response = await post(statusForm(messageSid, status));
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(EMPTY_TWIML);
    }
    const [after] = await outbound();
    expect(after!.status).toBe('read');
    const reports = await server!.db.selectFrom('delivery_statuses').select('status').orderBy('id').execute();
    expect(reports.map((report) => report.status)).toEqual(['read', 'delivered', 'sent']);

    await post(inboundForm('ayuda'));
    await fake.waitForRequests(2);
    await attempt((candidate) => candidate.status === 'sent' && candidate.messageId !== message!.id);
    const [, second] = await outbound();
    await post(statusForm(second!.provider_message_id!, 'undelivered', { ErrorCode: '63024' }));
    const [, undelivered] = await outbound();
    expect(undelivered).toMatchObject({ status: 'failed', error_code: '63024' });
    expect(undelivered!.error_message).toContain('63024');
  });

  it('applies a status callback that arrives before Twilio answered the send call', async () => {
    const { fake } = await start();
    const early = sid();
    fake.respondWith(async (request) => {
      // Twilio can post the callback before our API call returns: deliver it first, then answer.
      const callback = await post(statusForm(early, 'delivered'));
      expect(callback.statusCode).toBe(200);
      return { status: 201, body: { sid: early, status: 'queued', to: request.form?.get('To') } };
    });
    await post(inboundForm('hola'));
    await attempt((candidate) => candidate.status === 'sent');
    const [message] = await outbound();
    expect(message).toMatchObject({ provider_message_id: early, status: 'delivered' });
  });

  it("verifies the signature on the trusted proxy's forwarded host and protocol when no public URL is set", async () => {
    const { fake } = await start({ app: { trustProxy: true } });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.clinica.example' };
    const publicWebhook = `https://chat.clinica.example${WEBHOOK_PATH}`;

    const good = await post(inboundForm('hola'), { signedUrl: publicWebhook, headers: forwarded });
    expect(good.statusCode).toBe(200);
    const wrongScheme = await post(inboundForm('hola'), {
      signedUrl: `http://chat.clinica.example${WEBHOOK_PATH}`,
      headers: forwarded,
    });
    expect(wrongScheme.statusCode).toBe(401);

    // With no public URL configured, the status callback goes to the URL Twilio signed.
    const [request] = await fake.waitForRequests(1);
    expect(request!.form!.get('StatusCallback')).toBe(publicWebhook);
  });

  it('offers options as a numbered menu and understands the number as that option', async () => {
    const { fake } = await start();
    await post(inboundForm('zxqv plorf'));
    const [offer] = await fake.waitForRequests(1);
    const text = offer!.form!.get('Body')!;
    expect(text.endsWith('\n\n1. Ver opciones')).toBe(true);
    await attempt((candidate) => candidate.status === 'sent');

    await post(inboundForm('1'));
    await fake.waitForRequests(2);
    const turns = await server!.db
      .selectFrom('messages')
      .innerJoin('turns', 'turns.id', 'messages.turn_id')
      .select(['messages.text', 'turns.intent'])
      .where('messages.direction', '=', 'in')
      .orderBy('messages.id')
      .execute();
    expect(turns).toEqual([
      { text: 'zxqv plorf', intent: null },
      { text: '1', intent: 'ayuda' },
    ]);
  });
});
