import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeProvider,
  type FakeProvider,
  type ScriptedResponse,
} from '../../../test/support/fake-provider.ts';
import { DeliveryError } from '../../core/delivery.ts';
import { createTelegramClient } from './client.ts';

const TOKEN = '123456:AAH-secret_part';

describe('Telegram Bot API client', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider(() => ({
      status: 200,
      body: { ok: true, result: { message_id: 321, chat: { id: 42 }, date: 1, text: 'hola' } },
    }));
  });
  afterAll(async () => {
    await fake.close();
  });
  const client = () => createTelegramClient({ botToken: TOKEN, apiBaseUrl: fake.baseUrl });

  it('posts sendMessage as JSON, with buttons as an inline keyboard of one button a row', async () => {
    const sent = await client().sendMessage('42', '¿Qué necesitas?', [
      { id: 'ayuda', title: 'Ver opciones' },
      { id: 'humano', title: 'Hablar con alguien' },
    ]);
    expect(sent).toEqual({ messageId: 321 });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      chat_id: 42,
      text: '¿Qué necesitas?',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Ver opciones', callback_data: 'ayuda' }],
          [{ text: 'Hablar con alguien', callback_data: 'humano' }],
        ],
      },
    });
  });

  it('sends negative (group) chat ids as numbers and anything else as given', async () => {
    await client().sendChatAction('-1001234567890');
    expect(fake.requests.at(-1)!.json).toEqual({ chat_id: -1001234567890, action: 'typing' });
    await client().sendChatAction('@canal');
    expect(fake.requests.at(-1)!.json).toEqual({ chat_id: '@canal', action: 'typing' });
  });

  it('refuses a button id longer than callback_data can carry, without calling Telegram', async () => {
    const before = fake.requests.length;
    const failure = await client()
      .sendMessage('42', 'x', [{ id: 'ñ'.repeat(33), title: 'Largo' }])
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'button_id_too_long', retryable: false });
    expect(fake.requests.length).toBe(before);
  });

  const CASES: [what: string, response: ScriptedResponse, expected: Partial<DeliveryError>][] = [
    [
      '429 with retry_after',
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 7',
          parameters: { retry_after: 7 },
        },
      },
      { code: '429', retryable: true, retryAfterMs: 7000, message: 'Too Many Requests: retry after 7' },
    ],
    [
      '500',
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
      { code: '500', retryable: true, retryAfterMs: undefined },
    ],
    [
      '502 from a proxy, not JSON',
      { status: 502, body: '<html>Bad Gateway</html>' },
      { code: '502', retryable: true, message: 'Telegram sendMessage answered HTTP 502' },
    ],
    [
      '403 bot blocked',
      {
        status: 403,
        body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      },
      { code: '403', retryable: false, message: 'Forbidden: bot was blocked by the user' },
    ],
    [
      '400 chat not found',
      { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } },
      { code: '400', retryable: false, message: 'Bad Request: chat not found' },
    ],
    [
      '200 that is not a Bot API answer',
      { status: 200, body: '<html>captive portal</html>' },
      { code: 'invalid_response', retryable: true },
    ],
  ];

  it.each(CASES)('maps %s to a DeliveryError', async (_what, response, expected) => {
    fake.enqueue(response);
    const failure = await client()
      .sendMessage('42', 'hola')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject(expected);
    expect((failure as Error).message).not.toContain(TOKEN);
  });

  it('maps an unreachable Telegram to a retryable network error that does not show the token', async () => {
    const closed = await startFakeProvider(() => ({ status: 200 }));
    await closed.close();
    const failure = await createTelegramClient({ botToken: TOKEN, apiBaseUrl: closed.baseUrl })
      .sendMessage('42', 'hola')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'network_error', retryable: true });
    expect((failure as Error).message).not.toContain(TOKEN);
  });

  it('calls setWebhook with the secret and the update types Orquesta reads, and reads getWebhookInfo', async () => {
    fake.enqueue({ status: 200, body: { ok: true, result: true, description: 'Webhook was set' } });
    await client().setWebhook({
      url: 'https://bot.example.com/webhooks/isp/telegram',
      secretToken: 's3cret',
    });
    expect(fake.requests.at(-1)!.path).toBe(`/bot${TOKEN}/setWebhook`);
    expect(fake.requests.at(-1)!.json).toEqual({
      url: 'https://bot.example.com/webhooks/isp/telegram',
      secret_token: 's3cret',
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });

    const info = {
      url: 'https://bot.example.com/webhooks/isp/telegram',
      has_custom_certificate: false,
      pending_update_count: 0,
    };
    fake.enqueue({ status: 200, body: { ok: true, result: info } });
    expect(await client().getWebhookInfo()).toEqual(info);
  });
});
