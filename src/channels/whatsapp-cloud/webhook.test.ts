import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InboundEvent, InboundMessage } from '../../core/messages.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { WebhookParseError, type RawRequest } from '../channel.ts';
import { createWhatsAppCloudChannel } from './index.ts';
import { handshake, parse, verifySignature, whatsAppCloudWebhook } from './webhook.ts';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const json = <T>(name: string): T => JSON.parse(fixture(name).toString('utf8')) as T;

function connection(settings: Record<string, unknown> = {}): ConnectionConfig {
  return {
    id: 'whatsapp',
    channel: 'whatsapp-cloud',
    settings: {
      phoneNumberId: '1122334455667',
      appSecret: 'app-secret',
      verifyToken: 'verify-me',
      ...settings,
    },
  };
}

function post(body: Buffer | string, headers: Record<string, string> = {}): RawRequest {
  return {
    method: 'POST',
    publicUrl: 'https://orquesta.example/webhooks/clinica/whatsapp',
    headers: { 'content-type': 'application/json', ...headers },
    query: {},
    body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}

function get(query: Record<string, string>): RawRequest {
  return { method: 'GET', publicUrl: 'https://orquesta.example/', headers: {}, query, body: Buffer.alloc(0) };
}

const at = (seconds: number) => new Date(seconds * 1000);

/** A message of the pywa fixtures: sender 972987654321 "Test Name", number 1122334455667. */
function pywa(seconds: number, message: Partial<InboundMessage>): InboundEvent {
  return {
    type: 'message',
    message: {
      connectionId: 'whatsapp',
      providerMessageId: 'wamid.xyzxyz',
      from: '972987654321',
      name: 'Test Name',
      kind: 'text',
      text: '',
      payload: {},
      sentAt: at(seconds),
      ...message,
    },
  };
}

function status(
  providerMessageId: string,
  value: 'sent' | 'delivered' | 'read' | 'failed',
  seconds: number,
): InboundEvent {
  return {
    type: 'status',
    status: { connectionId: 'whatsapp', providerMessageId, status: value, at: at(seconds) },
  };
}

const media = (payload: Record<string, unknown>) => ({ kind: 'media' as const, payload });

/** Every webhook payload among the fixtures, with the events it must yield and the number it is for. */
const EXPECTED: Record<string, { account: string; events: InboundEvent[] }> = {
  'inbound_text.json': {
    account: '1122334455667',
    events: [pywa(1697043223, { text: 'Body Text' })],
  },
  'inbound_text_reply_context.json': {
    account: '1122334455667',
    events: [pywa(1697044746, { text: 'replied text', payload: { replyTo: 'wamid.xyzxyz==' } })],
  },
  'inbound_image.json': {
    account: '1122334455667',
    events: [pywa(1697043379, media({ mediaKind: 'image', mediaId: '65463453', mimeType: 'image/jpeg' }))],
  },
  'inbound_image_with_url.json': {
    account: '1122334455667',
    events: [
      pywa(
        1697043379,
        media({
          mediaKind: 'image',
          mediaId: '65463453',
          mimeType: 'image/jpeg',
          url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453&source=webhook&ext=487r9re&hash=heiwchueowbcew-dnedcw',
        }),
      ),
    ],
  },
  'inbound_video.json': {
    account: '1122334455667',
    events: [
      pywa(1697044362, {
        text: 'caption',
        ...media({
          mediaKind: 'video',
          mediaId: '765756756',
          mimeType: 'video/mp4',
          caption: 'caption',
          forwarded: true,
        }),
      }),
    ],
  },
  'inbound_document.json': {
    account: '1122334455667',
    events: [
      pywa(1697043666, {
        text: 'caption',
        ...media({
          mediaKind: 'document',
          mediaId: '1234567890987654321',
          mimeType: 'application/pdf',
          caption: 'caption',
          filename: 'filename.pdf',
          forwarded: true,
        }),
      }),
    ],
  },
  'inbound_audio_forwarded.json': {
    account: '1122334455667',
    events: [
      pywa(
        1697043509,
        media({
          mediaKind: 'audio',
          mediaId: '1234567890987654321',
          mimeType: 'audio/ogg; codecs=opus',
          voice: false,
          forwarded: true,
        }),
      ),
    ],
  },
  'inbound_voice.json': {
    account: '1122334455667',
    events: [
      pywa(
        1697043473,
        media({
          mediaKind: 'voice',
          mediaId: '1234567890987654321',
          mimeType: 'audio/ogg; codecs=opus',
          voice: true,
        }),
      ),
    ],
  },
  'inbound_sticker.json': {
    account: '1122334455667',
    events: [
      pywa(
        1697043760,
        media({
          mediaKind: 'sticker',
          mediaId: '1234567890987654321',
          mimeType: 'image/webp',
          animated: false,
        }),
      ),
    ],
  },
  'inbound_location.json': {
    account: '1122334455667',
    events: [
      pywa(1697044557, {
        kind: 'location',
        payload: { latitude: 12.25089, longitude: 43.90539, forwarded: true },
      }),
    ],
  },
  'inbound_location_named.json': {
    account: '1122334455667',
    events: [
      pywa(1697044557, {
        kind: 'location',
        text: 'Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025',
        payload: {
          latitude: 37.4611978,
          longitude: -122.2164385,
          name: 'Facebook HQ',
          address: '1 Hacker Way, Menlo Park, CA 94025',
          url: 'https://maps.google.com/?cid=2000000000000000000',
          forwarded: true,
        },
      }),
    ],
  },
  'inbound_contacts.json': {
    account: '1122334455667',
    events: [
      pywa(1697044621, {
        kind: 'contacts',
        text: 'Chandler Bing, Monica, Rachel Green',
        payload: {
          contacts: [
            {
              name: 'Chandler Bing',
              phones: [{ phone: '+1 555-555-5555', waId: '972987654321', type: 'CELL' }],
            },
            { name: 'Monica', phones: [{ phone: '+1 666-666-6666', waId: '972987654321', type: 'HOME' }] },
            {
              name: 'Rachel Green',
              phones: [{ phone: '+1 777-777-7777', waId: '972987654321', type: 'WORK' }],
            },
          ],
        },
      }),
    ],
  },
  'inbound_reaction.json': {
    account: '1122334455667',
    events: [
      pywa(1697044456, {
        kind: 'reaction',
        text: '😮',
        payload: { emoji: '😮', messageId: 'wamid.yzxyzx=', removed: false },
      }),
    ],
  },
  'inbound_reaction_removed.json': {
    account: '1122334455667',
    events: [
      pywa(1697044456, {
        kind: 'reaction',
        payload: { emoji: '', messageId: 'wamid.yzxyzx=', removed: true },
      }),
    ],
  },
  'inbound_referral_ctwa.json': {
    account: '1122334455667',
    events: [
      pywa(1697045000, {
        providerMessageId: 'wamid.ID',
        text: 'BODY',
        payload: {
          referral: {
            source_url: 'AD_OR_POST_FB_URL',
            source_id: 'ADID',
            source_type: 'ad or post',
            headline: 'AD_TITLE',
            body: 'AD_DESCRIPTION',
            media_type: 'image or video',
            image_url: 'RAW_IMAGE_URL',
            video_url: 'RAW_VIDEO_URL',
            thumbnail_url: 'RAW_THUMBNAIL_URL',
            ctwa_clid: 'CTWA_CLID',
          },
        },
      }),
    ],
  },
  'inbound_interactive_button_reply.json': {
    account: '1122334455667',
    events: [
      pywa(1698266730, {
        kind: 'interactive',
        text: 'title',
        payload: { buttonId: 'callback_data', interactiveType: 'button_reply', replyTo: 'wamid.xyzxyz' },
      }),
    ],
  },
  'inbound_interactive_list_reply.json': {
    account: '1122334455667',
    events: [
      pywa(1698266905, {
        providerMessageId: 'wamid.zyzxyz',
        kind: 'interactive',
        text: 'title',
        payload: { buttonId: 'callback_data', interactiveType: 'list_reply', replyTo: 'wamid.xyzxyz' },
      }),
    ],
  },
  'inbound_interactive_list_reply_with_description.json': {
    account: '1122334455667',
    events: [
      pywa(1698266905, {
        providerMessageId: 'wamid.zyzxyz',
        kind: 'interactive',
        text: 'title',
        payload: {
          buttonId: 'callback_data',
          interactiveType: 'list_reply',
          description: 'description',
          replyTo: 'wamid.xyzxyz',
        },
      }),
    ],
  },
  'inbound_template_quick_reply_button.json': {
    account: '1122334455667',
    events: [
      pywa(1698269027, {
        providerMessageId: 'wamid.xsidjw',
        kind: 'interactive',
        text: 'title',
        payload: { buttonId: 'callback_data', interactiveType: 'template_button', replyTo: 'wamid.xyzxyz==' },
      }),
    ],
  },
  'inbound_unsupported_131051.json': {
    account: '1122334455667',
    events: [
      pywa(1697044706, {
        kind: 'unsupported',
        payload: {
          type: 'unsupported',
          reason: 'unsupported',
          error: { code: '131051', title: 'Message type unknown' },
        },
      }),
    ],
  },
  'inbound_system_phone_number_change.json': {
    account: '1122334455667',
    events: [
      pywa(1753851315, {
        providerMessageId: 'wamid.xyzxyz==',
        name: undefined,
        kind: 'unsupported',
        payload: { type: 'system', reason: 'unsupported' },
      }),
    ],
  },
  'status_sent.json': { account: '1122334455667', events: [status('wamid.xyzxyz', 'sent', 1698266945)] },
  'status_delivered.json': {
    account: '1122334455667',
    events: [status('wamid.xyzxyz', 'delivered', 1698266945)],
  },
  'status_read.json': { account: '1122334455667', events: [status('wamid.xyzxyz', 'read', 1689380458)] },
  'status_failed.json': {
    account: '1122334455667',
    events: [
      {
        type: 'status',
        status: {
          ...(status('wamid.xyzxyz', 'failed', 1689380458) as Extract<InboundEvent, { type: 'status' }>)
            .status,
          error: {
            code: '130472',
            message:
              "User's number is part of an experiment: Failed to send message because this user's phone number is part of an experiment",
          },
        },
      },
    ],
  },
  'v25_meta_sample_incoming.json': {
    account: '123456123',
    events: [
      {
        type: 'message',
        message: {
          connectionId: 'whatsapp',
          providerMessageId: 'ABGGFlA5Fpa',
          from: '16315551181',
          name: 'test user name',
          kind: 'text',
          text: 'this is a text message',
          payload: {},
          sentAt: at(1504902988),
        },
      },
    ],
  },
  'v25_meta_sample_sent.json': { account: '123456123', events: [status('ABGGFlA5Fpa', 'sent', 1504902988)] },
  'v25_meta_sample_delivered.json': {
    account: '123456123',
    events: [status('ABGGFlA5Fpa', 'delivered', 1504902988)],
  },
  'v25_meta_sample_read.json': { account: '123456123', events: [status('ABGGFlA5Fpa', 'read', 1504902988)] },
  'signed_webhook_pywa.body.json': {
    account: '277321005464405',
    events: [
      {
        type: 'message',
        message: {
          connectionId: 'whatsapp',
          providerMessageId: 'wamid.HBgMOTcyNTQ0NDAxMjQzFQIAEhggM0RFQTNCMEEwRTY3QzUwODYzMDc4NjQ4QzM4ODAxM0YA',
          from: '972544401243',
          name: 'PyWa Tests',
          kind: 'text',
          text: 'Hey there! I am using PyWa.',
          payload: {},
          sentAt: at(1730231903),
        },
      },
    ],
  },
};

describe('WhatsApp Cloud API webhook payloads', () => {
  const payloads = readdirSync(FIXTURES).filter(
    (name) =>
      name.endsWith('.json') && fixture(name).toString('utf8').includes('"whatsapp_business_account"'),
  );

  it('has an expectation for every webhook payload among the fixtures', () => {
    expect(payloads.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('parses %s to its normalised events', (name, expected) => {
    const events = parse(post(fixture(name)), connection());
    expect(events).toEqual(expected.events);
    expect(events.map((event) => whatsAppCloudWebhook.accountOf!(event))).toEqual(
      expected.events.map(() => expected.account),
    );
  });

  it('yields every message and status of every entry and change, in order', () => {
    const text = json<{ entry: { changes: { value: Record<string, unknown> }[] }[] }>('inbound_text.json');
    const value = text.entry[0]!.changes[0]!.value;
    const message = (value.messages as Record<string, unknown>[])[0]!;
    const sent = json<{ entry: { changes: { value: { statuses: unknown[] } }[] }[] }>('status_sent.json')
      .entry[0]!.changes[0]!.value.statuses[0];
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                ...value,
                messages: [message, { ...message, id: 'wamid.second', text: { body: 'dos' } }],
              },
            },
            { field: 'messages', value: { ...value, messages: undefined, statuses: [sent] } },
          ],
        },
        {
          id: '2',
          changes: [
            {
              field: 'messages',
              value: {
                ...value,
                metadata: { display_phone_number: '573000000002', phone_number_id: '100000000000002' },
                messages: [{ ...message, id: 'wamid.third', text: { body: 'tres' } }],
              },
            },
          ],
        },
      ],
    };
    const events = parse(post(JSON.stringify(payload)), connection());
    expect(events.map((event) => (event.type === 'message' ? event.message.text : event.type))).toEqual([
      'Body Text',
      'dos',
      'status',
      'tres',
    ]);
    expect(events.map((event) => whatsAppCloudWebhook.accountOf!(event))).toEqual([
      '1122334455667',
      '1122334455667',
      '1122334455667',
      '100000000000002',
    ]);
  });

  it('stores an unknown message type as unsupported, and ignores other webhook fields', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            { field: 'message_template_status_update', value: { event: 'APPROVED' } },
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '1122334455667' },
                messages: [
                  { from: '573001', id: 'wamid.a', timestamp: '1', type: 'order', order: {} },
                  { from: '573001', id: 'wamid.b', type: 'interactive', interactive: { type: 'nfm_reply' } },
                  { from: '573001', id: 'wamid.c', type: 'text', text: { body: 42 } },
                  {
                    from_user_id: 'US.1349120865',
                    id: 'wamid.d',
                    type: 'text',
                    text: { body: 'sin número' },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const messages = parse(post(JSON.stringify(payload)), connection()).map(
      (event) => (event as Extract<InboundEvent, { type: 'message' }>).message,
    );
    expect(messages.map(({ from, kind, payload: details }) => ({ from, kind, type: details?.type }))).toEqual(
      [
        { from: '573001', kind: 'unsupported', type: 'order' },
        { from: '573001', kind: 'unsupported', type: 'interactive.nfm_reply' },
        { from: '573001', kind: 'unsupported', type: 'text' },
        { from: 'US.1349120865', kind: 'text', type: undefined },
      ],
    );
  });

  it.each([
    ['not JSON', '{"object":'],
    ['not an object', '[]'],
    ['another product', JSON.stringify({ object: 'page', entry: [] })],
    ['no entries', JSON.stringify({ object: 'whatsapp_business_account' })],
    [
      'a message without id',
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: { metadata: { phone_number_id: '1' }, messages: [{ from: '1', type: 'text' }] },
              },
            ],
          },
        ],
      }),
    ],
    [
      'a message without sender',
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: { metadata: { phone_number_id: '1' }, messages: [{ id: 'wamid.x', from: '\u0000' }] },
              },
            ],
          },
        ],
      }),
    ],
    [
      'no phone number id',
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { messages: [] } }] }],
      }),
    ],
  ])('refuses %s with a WebhookParseError', (_case, body) => {
    expect(() => parse(post(body), connection())).toThrow(WebhookParseError);
  });
});

describe('X-Hub-Signature-256', () => {
  const { vectors } = json<{
    vectors: {
      name: string;
      appSecret: string;
      rawBody: string;
      rawBodyFile?: string;
      header: string | null;
      expectValid: boolean;
    }[];
  }>('signature_vectors.json');

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const body = vector.rawBodyFile ? fixture(vector.rawBodyFile) : Buffer.from(vector.rawBody, 'utf8');
    expect(verifySignature(body, vector.header ?? undefined, vector.appSecret)).toBe(vector.expectValid);
    const verdict = whatsAppCloudWebhook.verify(
      post(body, vector.header ? { 'x-hub-signature-256': vector.header } : {}),
      connection({ appSecret: vector.appSecret }),
    );
    expect(verdict.ok).toBe(vector.expectValid);
  });

  it('is computed over the raw bytes: the same JSON re-serialised does not pass', () => {
    const body = fixture('signed_webhook_pywa.body.json');
    const header = vectors[0]!.header!;
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(verifySignature(body, header, vectors[0]!.appSecret)).toBe(true);
    expect(verifySignature(reserialised, header, vectors[0]!.appSecret)).toBe(false);
  });

  it('refuses another secret, a flipped byte, an upper-case scheme and a truncated digest', () => {
    const body = fixture('signed_webhook_pywa.body.json');
    const secret = vectors[0]!.appSecret;
    const header = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(verifySignature(body, header, secret)).toBe(true);
    expect(verifySignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true);
    expect(verifySignature(body, header, 'another secret')).toBe(false);
    const flipped = Buffer.from(body);
    flipped[10] = flipped[10]! ^ 1;
    expect(verifySignature(flipped, header, secret)).toBe(false);
    expect(verifySignature(body, header.replace('sha256=', 'SHA256='), secret)).toBe(false);
    expect(verifySignature(body, header.slice(0, -2), secret)).toBe(false);
    expect(verifySignature(body, `sha1=${header.slice(7)}`, secret)).toBe(false);
  });

  it('refuses every webhook of a connection without an app secret, saying what to set', () => {
    const verdict = whatsAppCloudWebhook.verify(
      post('{}', { 'x-hub-signature-256': 'sha256=00' }),
      connection({ appSecret: '' }),
    );
    expect(verdict).toEqual({
      ok: false,
      reason: 'not_configured',
      message: expect.stringContaining('connection "whatsapp" has no appSecret: set WHATSAPP_APP_SECRET'),
    });
  });

  it('calls a missing header a bad signature', () => {
    expect(whatsAppCloudWebhook.verify(post('x'), connection())).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('the subscription check (GET)', () => {
  const { cases } = json<{
    cases: {
      query?: Record<string, string>;
      configuredToken?: string;
      metaSample?: string;
      expect: { status?: number; body?: string; reject?: boolean };
    }[];
  }>('webhook_verification_get.json');

  it.each(cases.map((item, index) => [index, item] as const))('case %i as recorded', (_index, item) => {
    const query = item.metaSample
      ? Object.fromEntries(new URL(item.metaSample.replace(/^GET /, '')).searchParams)
      : (item.query ?? {});
    const token = item.configuredToken ?? query['hub.verify_token'] ?? 'meatyhamhock';
    const answer = handshake(get(query), connection({ verifyToken: token }));
    if (item.expect.reject) {
      expect(answer.status).toBe(403);
    } else {
      expect(answer).toEqual({ status: 200, contentType: 'text/plain', body: item.expect.body });
    }
  });

  it('refuses with 403 and says what to set when no verify token is configured', () => {
    const answer = handshake(
      get({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }),
      connection({ verifyToken: '' }),
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('has no verifyToken: set WHATSAPP_VERIFY_TOKEN');
  });
});

describe('whatsapp-cloud settings', () => {
  const channel = createWhatsAppCloudChannel();
  const schema = channel.settingsSchema!;

  it('treats empty secrets as missing and fills the API defaults', () => {
    expect(
      schema.parse({ phoneNumberId: '100000000000001', accessToken: '', appSecret: '', apiBaseUrl: '' }),
    ).toEqual({
      phoneNumberId: '100000000000001',
      apiBaseUrl: 'https://graph.facebook.com',
      apiVersion: 'v23.0',
    });
    expect(channel.accountId!(connection({ phoneNumberId: '100000000000003' }))).toBe('100000000000003');
  });

  it('explains each problem and how to fix it', () => {
    const result = schema.safeParse({
      phoneNumberId: 100000000000001,
      apiBaseUrl: 'graph.facebook.com',
      windowTemplate: { name: 'hola' },
      appsecret: 'typo',
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^phoneNumberId: not a string — quote it/),
        expect.stringMatching(/^apiBaseUrl: not an http\(s\) URL — /),
        expect.stringMatching(/^windowTemplate.language: required — give the template language code/),
        expect.stringMatching(/^: unknown setting "appsecret" — whatsapp-cloud settings are /),
      ]),
    );
    expect(schema.safeParse({}).error!.issues[0]!.message).toMatch(/^required — copy the "Phone number ID"/);
  });
});
