/**
 * The Telegram channel end to end: updates posted to the real server with the secret token, replies
 * arriving at a fake Bot API on loopback that answers like Telegram.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { DeliveryAttempt } from '../../src/pipeline/outbox-sender.ts';
import { DIALECTS } from '../support/databases.ts';
import {
  startFakeProvider,
  type FakeProvider,
  type RecordedRequest,
  type Responder,
} from '../support/fake-provider.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/test-server.ts';

const BOT_TOKEN = '123:ABC';
const SECRET = 'orquesta_TEST-secret-0123';
/** Ana's private chat: her user id, ten digits like a phone number but not one. */
const CHAT = 7_712_345_678;

const method = (name: string) => (request: RecordedRequest) => request.path === `/bot${BOT_TOKEN}/${name}`;

/** Answers like the Bot API: sendMessage with the sent message (numbered from 501), anything else `true`. */
function telegramResponder(): Responder {
  let messageId = 500;
  return (request) => {
    if (!request.path.startsWith(`/bot${BOT_TOKEN}/`)) {
      return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    }
    if (method('sendMessage')(request)) {
      const sent = request.json as { chat_id: number; text: string; reply_markup?: unknown };
      return {
        status: 200,
        body: {
          ok: true,
          result: {
            message_id: ++messageId,
            from: { id: 123, is_bot: true, first_name: 'Orquesta', username: 'orquesta_bot' },
            chat: { id: sent.chat_id, first_name: 'Ana', last_name: 'Pérez', type: 'private' },
            date: 1763906400,
            text: sent.text,
            ...(sent.reply_markup ? { reply_markup: sent.reply_markup } : {}),
          },
        },
      };
    }
    return { status: 200, body: { ok: true, result: true } };
  };
}

let nextUpdateId = 800_000_000;

/** A text message from Ana's private chat, as Telegram posts it today. */
function textUpdate(text: string, updateId = ++nextUpdateId) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId % 100_000,
      from: { id: CHAT, is_bot: false, first_name: 'Ana', last_name: 'Pérez', language_code: 'es' },
      chat: { id: CHAT, first_name: 'Ana', last_name: 'Pérez', type: 'private' },
      date: 1763906400,
      text,
    },
  };
}

describe.each(DIALECTS)('Telegram channel on %s', (dialect) => {
  let fake: FakeProvider | undefined;
  let server: TestServer | undefined;
  const attempts: DeliveryAttempt[] = [];

  afterEach(async () => {
    await server?.close();
    await fake?.close();
    server = undefined;
    fake = undefined;
    attempts.length = 0;
  });

  async function start(options: Omit<TestServerOptions, 'dialect'> = {}) {
    fake = await startFakeProvider(telegramResponder());
    const apiBaseUrl = fake.baseUrl;
    server = await startTestServer({
      dialect,
      config: testConfig([
        {
          id: 'isp',
          connections: [
            { id: 'test', channel: 'test', settings: {} },
            {
              id: 'telegram',
              channel: 'telegram',
              settings: { botToken: BOT_TOKEN, webhookSecret: SECRET, apiBaseUrl },
            },
            { id: 'sin-secreto', channel: 'telegram', settings: { botToken: BOT_TOKEN, apiBaseUrl } },
          ],
        },
      ]),
      ...options,
    });
    server.orquesta.pipeline.events.on('delivery-attempted', (attempt: DeliveryAttempt) =>
      attempts.push(attempt),
    );
    return { fake, server };
  }

  function post(body: unknown, secret: string | null = SECRET, connection = 'telegram') {
    return server!.app.inject({
      method: 'POST',
      url: `/webhooks/isp/${connection}`,
      headers: {
        'content-type': 'application/json',
        ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}),
      },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Resolves with the first delivery attempt that matches, recorded or still to come. */
  async function attempt(matches: (attempt: DeliveryAttempt) => boolean): Promise<DeliveryAttempt> {
    const seen = attempts.find(matches);
    if (seen) return seen;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such delivery attempt within 10 s')), 10_000);
      const listener = (candidate: DeliveryAttempt) => {
        if (!matches(candidate)) return;
        clearTimeout(timer);
        server!.orquesta.pipeline.events.off('delivery-attempted', listener);
        resolve(candidate);
      };
      server!.orquesta.pipeline.events.on('delivery-attempted', listener);
    });
  }

  const inbound = () =>
    server!.db.selectFrom('messages').selectAll().where('direction', '=', 'in').orderBy('id').execute();
  const outbound = () =>
    server!.db.selectFrom('messages').selectAll().where('direction', '=', 'out').orderBy('id').execute();

  it('answers an update with sendMessage, in the JSON Telegram expects, after the typing action', async () => {
    const { fake } = await start();
    const update = textUpdate('hola');
    const response = await post(update);
    expect(response.statusCode).toBe(200);

    const [sent] = await fake.waitForRequests(1, method('sendMessage'));
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.json).toEqual({
      chat_id: CHAT,
      text: '¡Hola, Ana! Soy el asistente virtual de Negocio isp. ¿En qué te puedo ayudar?',
    });
    const [typing] = await fake.waitForRequests(1, method('sendChatAction'));
    expect(typing!.json).toEqual({ chat_id: CHAT, action: 'typing' });
    expect(fake.requests.filter(method('answerCallbackQuery'))).toEqual([]);

    await attempt((candidate) => candidate.status === 'sent');
    const [message] = await inbound();
    expect(message).toMatchObject({
      connection_id: 'telegram',
      provider_message_id: String(update.update_id),
      kind: 'text',
      text: 'hola',
    });
    const contact = await server!.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ external_id: String(CHAT), name: 'Ana Pérez', phone: null });
    const [reply] = await outbound();
    expect(reply).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: `${CHAT}:501` });
  });

  it('stores a replayed update once and answers it once', async () => {
    const { fake } = await start();
    const update = textUpdate('hola');
    const first = await Promise.all([post(update), post(update), post(update)]);
    expect(first.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    await fake.waitForRequests(1, method('sendMessage'));
    await attempt((candidate) => candidate.status === 'sent');
    expect((await post(update)).statusCode).toBe(200);

    expect(await inbound()).toHaveLength(1);
    expect(await server!.db.selectFrom('turns').select('id').execute()).toHaveLength(1);
    expect(await outbound()).toHaveLength(1);
    expect(fake.requests.filter(method('sendMessage'))).toHaveLength(1);
  });

  it('refuses a wrong or missing secret with 401, and a connection without one with 403, storing nothing', async () => {
    await start();
    const wrong = await post(textUpdate('hola'), 'not-the-secret');
    const missing = await post(textUpdate('hola'), null);
    const unconfigured = await post(textUpdate('hola'), SECRET, 'sin-secreto');
    expect([wrong.statusCode, missing.statusCode, unconfigured.statusCode]).toEqual([401, 401, 403]);
    expect(unconfigured.json().error.message).toContain('TELEGRAM_WEBHOOK_SECRET');

    expect(await inbound()).toEqual([]);
    expect(await server!.db.selectFrom('contacts').select('id').execute()).toEqual([]);
    const log = await server!.db.selectFrom('webhook_log').selectAll().orderBy('id').execute();
    expect(log.map((entry) => [entry.status_code, entry.payload])).toEqual([
      [401, ''],
      [401, ''],
      [403, ''],
    ]);
  });

  it('answers a malformed update with 400 and stores nothing', async () => {
    await start();
    expect((await post('{"update_id": 1, "message": ')).statusCode).toBe(400);
    expect((await post({ update_id: 2, message: { message_id: 1, text: 'sin chat' } })).statusCode).toBe(400);
    expect((await post({ update_id: 3, poll: { id: 'x' } })).statusCode).toBe(200);
    expect(await inbound()).toEqual([]);
  });

  it('delivers once when Telegram answers 500 twice, then 200', async () => {
    const { fake } = await start({ pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } } });
    const normal = telegramResponder();
    let sendCalls = 0;
    fake.respondWith((request) =>
      method('sendMessage')(request) && ++sendCalls <= 2
        ? { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } }
        : normal(request),
    );
    await post(textUpdate('hola'));

    const done = await attempt((candidate) => candidate.status !== 'queued');
    expect(done).toMatchObject({ status: 'sent', attempt: 3 });
    const sends = fake.requests.filter(method('sendMessage'));
    expect(sends).toHaveLength(3);
    expect(new Set(sends.map((request) => request.body)).size).toBe(1);
    const [reply] = await outbound();
    expect(reply).toMatchObject({
      status: 'sent',
      attempts: 3,
      error_code: null,
      provider_message_id: `${CHAT}:501`,
    });
  });

  it("waits Telegram's retry_after after a 429 before sending again", async () => {
    const clock = createManualClock('2026-11-23T14:00:00.000Z');
    const { fake } = await start({ clock, pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } } });
    const normal = telegramResponder();
    let sendCalls = 0;
    fake.respondWith((request) =>
      method('sendMessage')(request) && ++sendCalls === 1
        ? {
            status: 429,
            body: {
              ok: false,
              error_code: 429,
              description: 'Too Many Requests: retry after 7',
              parameters: { retry_after: 7 },
            },
          }
        : normal(request),
    );
    await post(textUpdate('hola'));

    expect(await attempt((candidate) => candidate.attempt === 1)).toMatchObject({
      status: 'queued',
      errorCode: '429',
    });
    const [waiting] = await outbound();
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, error_code: '429' });
    expect(new Date(waiting!.next_attempt_at!).toISOString()).toBe('2026-11-23T14:00:07.000Z');

    clock.advance(7000);
    server!.orquesta.pipeline.wake();
    expect(await attempt((candidate) => candidate.attempt === 2)).toMatchObject({ status: 'sent' });
    expect(fake.requests.filter(method('sendMessage'))).toHaveLength(2);
  });

  it("records a permanent error (403, the bot was blocked) as failed with Telegram's code and description", async () => {
    const { fake } = await start({ pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } } });
    const normal = telegramResponder();
    fake.respondWith((request) =>
      method('sendMessage')(request)
        ? {
            status: 403,
            body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
          }
        : normal(request),
    );
    await post(textUpdate('hola'));

    expect(await attempt(() => true)).toMatchObject({ status: 'failed', errorCode: '403', attempt: 1 });
    const [reply] = await outbound();
    expect(reply).toMatchObject({
      status: 'failed',
      attempts: 1,
      error_code: '403',
      error_message: 'Forbidden: bot was blocked by the user',
      provider_message_id: null,
    });
    expect(fake.requests.filter(method('sendMessage'))).toHaveLength(1);
  });

  it('offers options as an inline keyboard, reads the pressed button as that option and answers the query', async () => {
    const { fake } = await start();
    await post(textUpdate('no entiendo nada de esto xyz'));
    const [offer] = await fake.waitForRequests(1, method('sendMessage'));
    expect(offer!.json).toEqual({
      chat_id: CHAT,
      text: 'Perdona, no te entendí. ¿Me lo puedes decir de otra forma?',
      reply_markup: { inline_keyboard: [[{ text: 'Ver opciones', callback_data: 'ayuda' }]] },
    });
    await attempt((candidate) => candidate.status === 'sent');
    const [offered] = await outbound();
    const messageId = Number(offered!.provider_message_id!.split(':')[1]);

    // What Telegram posts when Ana presses the button: the message it was on, keyboard included.
    const sent = offer!.json as { text: string; reply_markup: unknown };
    const press = {
      update_id: ++nextUpdateId,
      callback_query: {
        id: '4382000000000000123',
        from: { id: CHAT, is_bot: false, first_name: 'Ana', last_name: 'Pérez', language_code: 'es' },
        message: {
          message_id: messageId,
          from: { id: 123, is_bot: true, first_name: 'Orquesta', username: 'orquesta_bot' },
          chat: { id: CHAT, first_name: 'Ana', last_name: 'Pérez', type: 'private' },
          date: 1763906400,
          text: sent.text,
          reply_markup: sent.reply_markup,
        },
        chat_instance: '-4567890123456789012',
        data: 'ayuda',
      },
    };
    expect((await post(press)).statusCode).toBe(200);

    const [answer] = await fake.waitForRequests(1, method('answerCallbackQuery'));
    expect(answer!.json).toEqual({ callback_query_id: '4382000000000000123' });
    const pressed = (await inbound()).at(-1)!;
    expect(pressed).toMatchObject({
      provider_message_id: `${press.update_id}:4382000000000000123`,
      kind: 'interactive',
      text: 'Ver opciones',
    });
    expect(JSON.parse(pressed.payload)).toMatchObject({ buttonId: 'ayuda', messageId });
    const turnId = await server!.orquesta.pipeline.waitForTurn(pressed.id, 10_000);
    const turn = await server!.db
      .selectFrom('turns')
      .select(['intent', 'skill'])
      .where('id', '=', turnId)
      .executeTakeFirstOrThrow();
    expect(turn.intent).toBe('ayuda');
    await fake.waitForRequests(2, method('sendMessage'));
  });

  it('stores an edited message as a new message under its own update id, and answers it', async () => {
    const { fake } = await start();
    const original = textUpdate('quiero cambiar mi plan');
    const { message } = original;
    const edited = {
      update_id: ++nextUpdateId,
      edited_message: { ...message, text: 'quiero cancelar mi plan', edit_date: message.date + 30 },
    };
    expect((await post(original)).statusCode).toBe(200);
    expect((await post(edited)).statusCode).toBe(200);
    const stored = await inbound();
    expect(stored.map((row) => [row.provider_message_id, row.text])).toEqual([
      [String(original.update_id), 'quiero cambiar mi plan'],
      [String(edited.update_id), 'quiero cancelar mi plan'],
    ]);
    expect(JSON.parse(stored[1]!.payload)).toMatchObject({ edited: true, messageId: message.message_id });
    // Both are answered (the edit is a turn of its own).
    await fake.waitForRequests(2, method('sendMessage'));
    await fake.waitForRequests(2, method('sendChatAction'));
  });
});
