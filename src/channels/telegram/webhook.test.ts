import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InboundEvent, InboundMessage } from '../../core/messages.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { WebhookParseError, type RawRequest } from '../channel.ts';
import { telegramSettingsSchema } from './settings.ts';
import { parseTelegramRequest, verifyTelegramRequest } from './webhook.ts';

const FIXTURES = resolve(import.meta.dirname, '__fixtures__');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));

const connection = (
  settings: Record<string, unknown> = { botToken: '123:ABC', webhookSecret: 'my_SECRET-123' },
) => ({ id: 'telegram', channel: 'telegram', settings }) as ConnectionConfig;

function request(body: Buffer | string, headers: Record<string, string | undefined> = {}): RawRequest {
  return {
    method: 'POST',
    publicUrl: 'https://bot.example.com/webhooks/isp/telegram',
    headers: { 'content-type': 'application/json', ...headers },
    query: {},
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  };
}

const parse = (body: Buffer | string) => parseTelegramRequest(request(body), connection());

/** The official samples' sender: chat and user 1111111, sent 2015-09-07. */
const official = {
  connectionId: 'telegram',
  providerMessageId: '10000',
  from: '1111111',
  phone: null,
  name: 'Test Firstname Test Lastname',
  sentAt: new Date(1441645532 * 1000),
};
/** Chatwoot's captured updates: chat and user 23. */
const chatwoot = {
  connectionId: 'telegram',
  providerMessageId: '2342342343242',
  from: '23',
  phone: null,
  name: 'Sojan Jose',
  sentAt: new Date(1631132077 * 1000),
};

const message = (fields: InboundMessage): InboundEvent[] => [{ type: 'message', message: fields }];

const CASES: [file: string, expected: InboundEvent[]][] = [
  [
    'update_message_text.json',
    message({ ...official, kind: 'text', text: '/start', payload: { messageId: 1365 } }),
  ],
  [
    'update_message_reply.json',
    message({ ...official, kind: 'text', text: '/start', payload: { messageId: 1365, replyTo: 1334 } }),
  ],
  [
    'update_edited_message.json',
    message({
      ...official,
      sentAt: new Date(1441646600 * 1000),
      kind: 'text',
      text: 'Edited text',
      payload: { messageId: 1365, edited: true },
    }),
  ],
  [
    'update_message_audio.json',
    message({
      ...official,
      kind: 'media',
      text: '',
      payload: {
        mediaKind: 'audio',
        mediaId: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
        mimeType: 'audio/mpeg',
        voice: false,
        size: 3897500,
        messageId: 1365,
      },
    }),
  ],
  [
    'update_message_voice.json',
    message({
      ...official,
      kind: 'media',
      text: '',
      payload: {
        mediaKind: 'audio',
        mediaId: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
        mimeType: 'audio/ogg',
        voice: true,
        size: 23000,
        messageId: 1365,
      },
    }),
  ],
  [
    'update_message_document.json',
    message({
      ...official,
      kind: 'media',
      text: '',
      payload: {
        mediaKind: 'document',
        mediaId: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
        mimeType: 'application/pdf',
        filename: 'Testfile.pdf',
        size: 536392,
        messageId: 1365,
      },
    }),
  ],
  [
    'update_callback_query_official.json',
    // Sent from an inline-mode message: no chat, so the user's private chat; no keyboard, so the data.
    message({
      connectionId: 'telegram',
      providerMessageId: '10000:4382bfdwdsb323b2d9',
      from: '1111111',
      phone: null,
      name: 'Test Firstname Test Lastname',
      kind: 'interactive',
      text: 'Data from button callback',
      payload: { buttonId: 'Data from button callback', callbackQueryId: '4382bfdwdsb323b2d9' },
    }),
  ],
  [
    'update_message_text_chatwoot.json',
    message({ ...chatwoot, kind: 'text', text: 'test', payload: { messageId: 1 } }),
  ],
  [
    'update_message_photo_chatwoot.json',
    message({
      ...chatwoot,
      kind: 'media',
      text: '',
      payload: {
        mediaKind: 'image',
        mediaId: 'AgACAgUAAxkBAAODYV3aGZlD6vhzKsE2WNmblsr6zKwAAi-tMRvCoeBWNQ1ENVBzJdwBAAMCAANzAAMhBA',
        mediaUniqueId: 'AQADL60xG8Kh4FZ4',
        size: 1883,
        messageId: 1,
      },
    }),
  ],
  [
    'update_message_voice_chatwoot.json',
    message({
      ...chatwoot,
      kind: 'media',
      text: '',
      payload: {
        mediaKind: 'audio',
        mediaId: 'AwACAgUAAxkBAANjYVwnWF_w8LYTchqVdK9dY7mbwYEAAskDAALCoeBWFvS2u4zS6HAhBA',
        mediaUniqueId: 'AgADyQMAAsKh4FY',
        mimeType: 'audio/ogg',
        voice: true,
        size: 11833,
        messageId: 1,
      },
    }),
  ],
  [
    'update_message_video_chatwoot.json',
    message({
      ...chatwoot,
      kind: 'media',
      text: '',
      payload: {
        mediaKind: 'video',
        mediaId: 'BAACAgUAAxkBAAOGYV3e_F8-v3OoAs23SJIBolyXMMMAAqsDAAKd8fBW4X9xFmpoAlghBA',
        mediaUniqueId: 'AgADqwMAAp3x8FY',
        mimeType: 'video/mp4',
        filename: 'IMG_2170.MOV',
        size: 291286,
        messageId: 1,
      },
    }),
  ],
];

describe('Telegram updates', () => {
  it.each(CASES)('%s parses to the expected events', (file, expected) => {
    expect(parse(fixture(file))).toEqual(expected);
  });

  it('covers every update fixture', () => {
    const files = readdirUpdates();
    expect(CASES.map(([file]) => file).sort()).toEqual(files);
  });

  const update = (body: Record<string, unknown>): InboundMessage | undefined => {
    const [event] = parse(JSON.stringify({ update_id: 7, ...body }));
    return event?.type === 'message' ? event.message : undefined;
  };
  const chat = { id: 42, type: 'private', first_name: 'Ana' };

  it('keeps the largest size of a photo, whatever order the sizes come in', () => {
    const photo = [
      { file_id: 'medium', width: 320, height: 240, file_size: 900 },
      { file_id: 'large', width: 1280, height: 960, file_size: 9000 },
      { file_id: 'small', width: 90, height: 67, file_size: 100 },
    ];
    expect(update({ message: { message_id: 5, chat, date: 1, photo, caption: 'mi factura' } })).toMatchObject(
      {
        kind: 'media',
        text: 'mi factura',
        payload: { mediaKind: 'image', mediaId: 'large', caption: 'mi factura' },
      },
    );
  });

  it('reads a pressed inline button by the title of the button carrying its data', () => {
    const keyboard = {
      inline_keyboard: [
        [{ text: 'Ver opciones', callback_data: 'ayuda' }],
        [{ text: 'Hablar con alguien', callback_data: 'humano' }],
      ],
    };
    expect(
      update({
        callback_query: {
          id: '99887766',
          from: { id: 42, is_bot: false, first_name: 'Ana', last_name: 'Pérez' },
          message: { message_id: 12, chat, date: 1, text: '¿Qué necesitas?', reply_markup: keyboard },
          chat_instance: '-5',
          data: 'humano',
        },
      }),
    ).toEqual({
      connectionId: 'telegram',
      providerMessageId: '7:99887766',
      from: '42',
      phone: null,
      name: 'Ana Pérez',
      kind: 'interactive',
      text: 'Hablar con alguien',
      payload: { buttonId: 'humano', callbackQueryId: '99887766', messageId: 12 },
    });
  });

  it('reads locations and shared contacts', () => {
    expect(
      update({ message: { message_id: 1, chat, location: { latitude: 4.65, longitude: -74.05 } } }),
    ).toMatchObject({ kind: 'location', payload: { latitude: 4.65, longitude: -74.05 } });
    expect(
      update({
        message: { message_id: 1, chat, contact: { phone_number: '+573001234567', first_name: 'Luis' } },
      }),
    ).toMatchObject({
      kind: 'contacts',
      text: 'Luis',
      payload: { contacts: [{ name: 'Luis', phones: [{ phone: '+573001234567' }] }] },
    });
  });

  it('stores content it cannot read as unsupported, and a malformed medium too', () => {
    expect(update({ message: { message_id: 1, chat, poll: { id: 'p' } } })).toMatchObject({
      kind: 'unsupported',
      text: '',
      payload: { type: 'poll', reason: 'unknown' },
    });
    expect(update({ message: { message_id: 1, chat, voice: { duration: 3 } } })).toMatchObject({
      kind: 'unsupported',
      payload: { type: 'voice', reason: 'malformed' },
    });
  });

  it('stores an unknown update type as unsupported when it names a chat, and ignores it otherwise', () => {
    expect(update({ my_chat_member: { chat, from: { id: 42, first_name: 'Ana' }, date: 1 } })).toMatchObject({
      from: '42',
      name: 'Ana',
      kind: 'unsupported',
      payload: { type: 'my_chat_member' },
    });
    expect(parse(JSON.stringify({ update_id: 8, poll: { id: '1', question: '?' } }))).toEqual([]);
    expect(parse(JSON.stringify({ update_id: 9 }))).toEqual([]);
  });

  it.each([
    ['not JSON', '{"update_id": 1,'],
    ['an array', '[]'],
    ['no update_id', JSON.stringify({ message: { message_id: 1, chat: { id: 1 }, text: 'hola' } })],
    ['a text update_id', JSON.stringify({ update_id: '1', message: { message_id: 1, chat: { id: 1 } } })],
    ['a message without a chat', JSON.stringify({ update_id: 1, message: { message_id: 1, text: 'hola' } })],
    ['a message that is not an object', JSON.stringify({ update_id: 1, message: 'hola' })],
    ['a callback without a sender', JSON.stringify({ update_id: 1, callback_query: { id: 'x', data: 'a' } })],
  ])('refuses %s as malformed', (_what, body) => {
    expect(() => parse(body)).toThrow(WebhookParseError);
  });

  it('drops NUL characters, which PostgreSQL text cannot hold', () => {
    expect(update({ message: { message_id: 1, chat, text: 'ho\u0000la' } })).toMatchObject({ text: 'hola' });
  });
});

describe('Telegram secret token', () => {
  const rules = JSON.parse(readFileSync(resolve(FIXTURES, 'webhook_secret_token_rules.json'), 'utf8')) as {
    derived_cases: {
      configured?: string;
      header?: string | null;
      expectAccept?: boolean;
      setWebhookSecret?: string;
    }[];
  };

  it.each(rules.derived_cases.filter((rule) => rule.configured !== undefined))(
    'header $header against $configured → accepted: $expectAccept',
    (rule) => {
      const result = verifyTelegramRequest(
        request('{}', { 'x-telegram-bot-api-secret-token': rule.header ?? undefined }),
        connection({ webhookSecret: rule.configured }),
      );
      expect(result.ok).toBe(rule.expectAccept);
      if (!result.ok) expect(result.reason).toBe('bad_signature');
    },
  );

  it.each([
    ['has space', false],
    ['', true],
    ['a'.repeat(256), true],
    ['a'.repeat(257), false],
    ['ñandú', false],
    ['abc:def', false],
    ['my_SECRET-123', true],
  ])('webhookSecret %j is accepted by the settings: %s', (secret, valid) => {
    expect(telegramSettingsSchema.safeParse({ webhookSecret: secret }).success).toBe(valid);
  });

  it('treats an empty secret, as ${TELEGRAM_WEBHOOK_SECRET:-} gives, as not configured', () => {
    const result = verifyTelegramRequest(
      request('{}', { 'x-telegram-bot-api-secret-token': '' }),
      connection({ webhookSecret: '' }),
    );
    expect(result).toEqual({
      ok: false,
      reason: 'not_configured',
      message: expect.stringContaining('TELEGRAM_WEBHOOK_SECRET'),
    });
  });

  it('refuses a secret that differs only in length or in its last character', () => {
    const configured = connection({ webhookSecret: 'my_SECRET-123' });
    for (const header of ['my_SECRET-12', 'my_SECRET-1234', 'my_SECRET-124', '']) {
      expect(
        verifyTelegramRequest(request('{}', { 'x-telegram-bot-api-secret-token': header }), configured),
      ).toMatchObject({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });
});

function readdirUpdates(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.startsWith('update_'))
    .sort();
}
