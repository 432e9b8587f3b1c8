import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { WebhookParseError, type RawRequest } from '../channel.ts';
import { parseGupshupPayload, verifyToken } from './webhook.ts';

const TOKEN = 'gupshup-test-token-0123456789abcdef';
const connection: ConnectionConfig = {
  id: 'gupshup',
  channel: 'gupshup',
  settings: { appName: 'autosconfianza', source: '5215512345678', apiKey: 'key', webhookToken: TOKEN },
};

function fixture(name: string): Buffer {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
}

function request(body: Buffer | string, extra: Partial<RawRequest> = {}): RawRequest {
  return {
    method: 'POST',
    publicUrl: 'https://bot.example.com/webhooks/autos/gupshup',
    headers: { 'content-type': 'application/json' },
    query: {},
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    ...extra,
  };
}

const message = (fields: Record<string, unknown>) => ({
  type: 'message',
  message: { connectionId: 'gupshup', ...fields },
});
const status = (fields: Record<string, unknown>) => ({
  type: 'status',
  status: { connectionId: 'gupshup', ...fields },
});

/** Every fixture and the normalised events it must give, all of them, in order. */
const CASES: [string, unknown[]][] = [
  [
    'inbound_text_v2.json',
    [
      message({
        providerMessageId: 'ABEGkZUTIXZ0Ago6jWqOZm-Sz0WD',
        from: '91XXXXX4',
        name: 'SJ',
        kind: 'text',
        text: 'Hi',
        payload: {},
        sentAt: new Date(1718007189549),
      }),
    ],
  ],
  [
    'inbound_text_with_context_v2.json',
    [
      message({
        providerMessageId: 'ABEGkYaYVSEEAgo-sMx1DoUoQJRW',
        from: '918x98xx21x4',
        name: 'Jacob',
        kind: 'text',
        text: 'hi',
        payload: { replyTo: '9b71295f-f7af-4c1f-b2b4-31b4a4867bad' },
      }),
    ],
  ],
  [
    'inbound_image_v2.json',
    [
      message({
        providerMessageId: 'ABEGkZUTIXZ0Ago69N5XB9zTUbl-',
        from: '919XXXXXXXX4',
        kind: 'media',
        text: 'Sample image',
        payload: {
          mediaKind: 'image',
          url: 'https://filemanager.gupshup.io/wa/23038a99-929b-408b-80eb-4d30cebb93d4/wa/media/2f997fea-9696-46c4-a2e5-8667fd27988d?download=false',
          mimeType: 'image/jpeg',
          caption: 'Sample image',
        },
      }),
    ],
  ],
  [
    'inbound_list_reply_v2.json',
    [
      message({
        providerMessageId: 'ABEGkYaYVSEEAhCzqobr15BdMPcRup1fIXAJ',
        from: '918x98xx21x4',
        name: 'John',
        kind: 'interactive',
        text: 'section 1 row 1',
        payload: {
          buttonId: 'section 1 row 1 postback payload',
          interactiveType: 'list_reply',
          description: 'first row of first section description',
          replyTo: 'cbdafe39-1023-42a7-89d6-6c01a3388bb5',
        },
      }),
    ],
  ],
  [
    // No postbackText: the title is the text, understood like anything the customer types.
    'inbound_quick_reply_v2.json',
    [
      message({
        providerMessageId: 'ABEGkYaYVSEEAhCzqobr15BdMPcRup1fIXAJ',
        kind: 'interactive',
        text: 'First',
        payload: { interactiveType: 'quick_reply', replyTo: '123b0fb2-0620-493b-8f7e-5a1ceb6d8c58' },
      }),
    ],
  ],
  [
    'user_event_opted_in.json',
    [
      {
        type: 'contact',
        contact: {
          connectionId: 'gupshup',
          from: '918x98xx21x4',
          event: 'opted-in',
          at: new Date(1584541505908),
        },
      },
    ],
  ],
  [
    'user_event_opted_out.json',
    [
      {
        type: 'contact',
        contact: {
          connectionId: 'gupshup',
          from: '918x98xx21x4',
          event: 'opted-out',
          at: new Date(1584541505908),
        },
      },
    ],
  ],
  ['user_event_sandbox_start.json', []],
  // Statuses name Gupshup's message id (what the send call returned): gsId when present, else id.
  [
    'message_event_sent_v2.json',
    [
      status({
        providerMessageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35',
        status: 'sent',
        at: new Date(1580546677000),
      }),
    ],
  ],
  [
    'message_event_delivered_v2.json',
    [status({ providerMessageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35', status: 'delivered' })],
  ],
  [
    'message_event_read_v2.json',
    [status({ providerMessageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35', status: 'read' })],
  ],
  ['message_event_enqueued_v2.json', []],
  [
    'message_event_failed_v2.json',
    [
      status({
        providerMessageId: '59f8db90-c37e-4408-90ab-cc54ef8246ad',
        status: 'failed',
        error: { code: '1002', message: 'Number Does Not Exist On WhatsApp' },
      }),
    ],
  ],
  ['message_event_v3_enqueued.json', []],
  [
    'message_event_v3_sent.json',
    [
      status({
        providerMessageId: '7daeb742-f2dc-4c09-90e0-d879d20f7b98',
        status: 'sent',
        at: new Date(1710930461000),
      }),
    ],
  ],
  [
    'message_event_v3_failed.json',
    [
      status({
        providerMessageId: '2baff204-c39a-4121-90b5-f53f26d522b3',
        status: 'failed',
        error: {
          code: '130472',
          message: "Failed to send message because this user's phone number is part of an experiment",
        },
      }),
    ],
  ],
  [
    'inbound_text_v3.json',
    [
      message({
        providerMessageId: 'wamid.xyzxyz',
        from: '972987654321',
        name: 'Test Name',
        kind: 'text',
        text: 'Body Text',
        payload: {},
        sentAt: new Date(1697043223000),
      }),
    ],
  ],
  [
    'inbound_interactive_button_reply_v3.json',
    [
      message({
        providerMessageId: 'wamid.xyzxyz',
        kind: 'interactive',
        text: 'title',
        payload: { buttonId: 'callback_data', interactiveType: 'button_reply', replyTo: 'wamid.xyzxyz' },
      }),
    ],
  ],
  [
    'inbound_batch_v3.json',
    [
      message({ providerMessageId: 'wamid.xyzxyz', kind: 'text', text: 'Body Text' }),
      message({ providerMessageId: 'wamid.second', kind: 'text', text: 'Second' }),
      message({
        providerMessageId: 'wamid.image',
        kind: 'media',
        text: '',
        payload: { mediaKind: 'image', mediaId: '65463453', mimeType: 'image/jpeg' },
      }),
      status({ providerMessageId: '7daeb742-f2dc-4c09-90e0-d879d20f7b98', status: 'sent' }),
    ],
  ],
];

describe('Gupshup payloads', () => {
  it.each(CASES)('%s gives its events', (name, expected) => {
    const events = parseGupshupPayload(request(fixture(name)), connection);
    expect(events).toHaveLength(expected.length);
    expect(events).toMatchObject(expected);
  });

  it('has a case for every fixture, and every fixture has its source noted', () => {
    const folder = new URL('./__fixtures__/', import.meta.url);
    const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
    const covered = new Set(CASES.map(([name]) => name));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
    const sources = readFileSync(new URL('SOURCES.md', folder), 'utf8');
    expect(readdirSync(folder).filter((file) => file !== 'SOURCES.md' && !sources.includes(file))).toEqual(
      [],
    );
  });

  const v2Message = (type: string, payload: unknown) =>
    JSON.stringify({
      app: 'autosconfianza',
      timestamp: 1718007189549,
      version: 2,
      type: 'message',
      payload: {
        id: `id-${type}`,
        source: '5215598765432',
        type,
        payload,
        sender: { phone: '5215598765432' },
      },
    });

  it.each<[string, unknown, Record<string, unknown>]>([
    [
      'file',
      { url: 'https://example.com/a.pdf', name: 'a.pdf', contentType: 'application/pdf' },
      {
        kind: 'media',
        text: '',
        payload: {
          mediaKind: 'document',
          url: 'https://example.com/a.pdf',
          filename: 'a.pdf',
          mimeType: 'application/pdf',
        },
      },
    ],
    [
      'audio',
      { url: 'https://example.com/a.ogg', contentType: 'audio/ogg' },
      { kind: 'media', payload: { mediaKind: 'audio', voice: false, mimeType: 'audio/ogg' } },
    ],
    [
      'location',
      { latitude: '19.43', longitude: -99.13, name: 'Agencia' },
      {
        kind: 'location',
        text: 'Agencia',
        payload: { latitude: 19.43, longitude: -99.13, name: 'Agencia' },
      },
    ],
    [
      'contact',
      { contacts: [{ name: { formatted_name: 'Ana Ruiz' }, phones: [{ phone: '+52 55 1234 5678' }] }] },
      {
        kind: 'contacts',
        text: 'Ana Ruiz',
        payload: { contacts: [{ name: 'Ana Ruiz', phones: [{ phone: '+52 55 1234 5678' }] }] },
      },
    ],
    [
      'button_reply',
      { title: 'Ayuda', id: '7', reply: 'Ayuda 1', postbackText: 'ayuda' },
      { kind: 'interactive', text: 'Ayuda', payload: { buttonId: 'ayuda', interactiveType: 'button_reply' } },
    ],
    [
      'quick_reply',
      { text: 'View Account Balance', type: 'button', postbackText: 'balance' },
      { kind: 'interactive', text: 'View Account Balance', payload: { buttonId: 'balance' } },
    ],
    [
      'sticker-pack',
      {},
      { kind: 'unsupported', text: '', payload: { type: 'sticker-pack', reason: 'unknown' } },
    ],
  ])('reads a v2 %s message', (type, payload, expected) => {
    const [event, ...rest] = parseGupshupPayload(request(v2Message(type, payload)), connection);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ type: 'message', message: { from: '5215598765432', ...expected } });
  });

  const v3Message = (message: Record<string, unknown>) =>
    JSON.stringify({
      gs_app_id: 'app',
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                messages: [{ from: '5215598765432', id: 'wamid.1', timestamp: '1718007189', ...message }],
              },
            },
          ],
        },
      ],
    });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'voice note',
      { type: 'audio', audio: { id: 'm1', mime_type: 'audio/ogg; codecs=opus', voice: true } },
      { kind: 'media', payload: { mediaKind: 'voice', mediaId: 'm1', voice: true } },
    ],
    [
      'location',
      { type: 'location', location: { latitude: 19.43, longitude: -99.13, address: 'Reforma 1' } },
      { kind: 'location', text: 'Reforma 1', payload: { latitude: 19.43, longitude: -99.13 } },
    ],
    [
      'list reply',
      {
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: 'sedan', title: 'Sedán', description: 'x' } },
      },
      { kind: 'interactive', text: 'Sedán', payload: { buttonId: 'sedan', interactiveType: 'list_reply' } },
    ],
    [
      'template button',
      { type: 'button', button: { payload: 'si', text: 'Sí' } },
      { kind: 'interactive', text: 'Sí', payload: { buttonId: 'si', interactiveType: 'template_button' } },
    ],
    [
      'reaction',
      { type: 'reaction', reaction: { message_id: 'wamid.0', emoji: '👍' } },
      { kind: 'reaction', text: '👍', payload: { emoji: '👍', messageId: 'wamid.0', removed: false } },
    ],
    [
      'unknown type',
      { type: 'order', order: {} },
      { kind: 'unsupported', text: '', payload: { type: 'order', reason: 'unknown' } },
    ],
  ])('reads a v3 %s', (_what, fields, expected) => {
    const [event] = parseGupshupPayload(request(v3Message(fields)), connection);
    expect(event).toMatchObject({
      type: 'message',
      message: { providerMessageId: 'wamid.1', from: '5215598765432', ...expected },
    });
  });

  it.each([
    ['an empty body (a reachability check)', ''],
    [
      'an account event',
      JSON.stringify({ app: 'a', type: 'account-event', payload: { type: 'status-event' } }),
    ],
    ['a deleted event', JSON.stringify({ type: 'message-event', payload: { id: 'x', type: 'deleted' } })],
  ])('acknowledges %s with no events', (_what, body) => {
    expect(parseGupshupPayload(request(body), connection)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"type": "message", '],
    ['a JSON array', '[1, 2]'],
    ['neither format', '{"hello": "world"}'],
    ['a message without id', v2Message('text', { text: 'hola' }).replace('"id":"id-text",', '')],
    ['a text message without text', v2Message('text', { body: 'hola' })],
    ['a location without coordinates', v2Message('location', { name: 'x' })],
    ['a NUL character', v2Message('text', { text: 'a\u0000b' })],
    [
      'a v3 message without sender',
      JSON.stringify({ entry: [{ changes: [{ value: { messages: [{ id: 'x' }] } }] }] }),
    ],
  ])('refuses %s as malformed, without quoting it', (_what, body) => {
    let thrown: unknown;
    try {
      parseGupshupPayload(request(body), connection);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WebhookParseError);
    expect((thrown as Error).message).not.toContain('hola');
  });
});

describe('the Gupshup webhook token', () => {
  it('accepts the token in the query string or the x-orquesta-token header', () => {
    expect(verifyToken(request('', { query: { token: TOKEN } }), connection)).toEqual({ ok: true });
    expect(verifyToken(request('', { headers: { 'x-orquesta-token': TOKEN } }), connection)).toEqual({
      ok: true,
    });
  });

  it.each([
    ['missing', {}],
    ['wrong', { query: { token: `${TOKEN}x` } }],
    ['a prefix', { query: { token: TOKEN.slice(0, 10) } }],
    ['repeated', { query: { token: [TOKEN, TOKEN] as unknown as string } }],
    ['wrong in the header', { headers: { 'x-orquesta-token': 'nope' }, query: { token: TOKEN } }],
  ])('refuses a token that is %s', (_what, extra) => {
    const result = verifyToken(request('', extra as Partial<RawRequest>), connection);
    expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('refuses every webhook while the connection has no token, naming the variable to set', () => {
    const bare = { ...connection, settings: { ...connection.settings, webhookToken: '' } };
    const result = verifyToken(request('', { query: { token: TOKEN } }), bare);
    expect(result).toMatchObject({ ok: false, reason: 'not_configured' });
    expect(result.ok || result.message).toContain('GUPSHUP_WEBHOOK_TOKEN');
  });
});
