import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { createManualClock } from '../../core/clock.ts';
import { DeliveryError, type OutboundEnvelope } from '../../core/delivery.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { createWhatsAppCloudClient, downloadMedia, retryAfter } from './client.ts';
import { splitForInteractive } from './outbound-message.ts';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;

const NOW = new Date('2026-11-23T14:00:00.000Z');
const TO = '573001234567';
const SENT = fixture<{ messages: { id: string }[] }>('send_message.response.json');
const ERRORS = fixture<Record<string, Record<string, unknown>>>('error_objects_pywa.json');
const TEMPLATE = fixture<{ template: { name: string; language: { code: string }; components: unknown[] } }>(
  'send_template_text.request.json',
).template;

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider(() => ({ status: 200, body: SENT }));
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.respondWith(() => ({ status: 200, body: SENT }));
});

function connection(settings: Record<string, unknown> = {}): ConnectionConfig {
  return {
    id: 'whatsapp',
    channel: 'whatsapp-cloud',
    settings: {
      phoneNumberId: '1122334455667',
      accessToken: 'EAAJB-test-token',
      apiBaseUrl: fake.baseUrl,
      ...settings,
    },
  };
}

function envelope(overrides: Partial<OutboundEnvelope> = {}): OutboundEnvelope {
  return {
    id: 1,
    tenantId: 'clinica',
    connectionId: 'whatsapp',
    conversationId: 'conv_1',
    to: TO,
    lastInboundAt: new Date(NOW.getTime() - 60_000),
    text: 'Hola',
    traceId: 'trc_1',
    turnId: 'turn_1',
    ...overrides,
  };
}

const client = createWhatsAppCloudClient({ clock: createManualClock(NOW) });

/** The documented request with the placeholders filled in. */
function documented(name: string, fill: (body: Record<string, unknown>) => void): Record<string, unknown> {
  const body = fixture(name);
  body.to = TO;
  fill(body);
  return body;
}

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('sending through the WhatsApp Cloud API', () => {
  it('sends text as Meta documents it, with the bearer token, and returns the wamid', async () => {
    const result = await client.send(envelope({ text: 'Hola, ¿en qué te ayudo?' }), connection());
    expect(result).toEqual({ providerMessageId: SENT.messages[0]!.id });
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/v23.0/1122334455667/messages');
    expect(request!.headers.authorization).toBe('Bearer EAAJB-test-token');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.json).toEqual(
      documented('send_text.request.json', (body) => {
        body.text = { body: 'Hola, ¿en qué te ayudo?', preview_url: false };
      }),
    );
  });

  it('sends reply buttons as an interactive button message', async () => {
    const buttons = [
      { id: 'agendar', title: 'Agendar cita' },
      { id: 'precios', title: 'Ver precios' },
    ];
    await client.send(envelope({ text: '¿Qué deseas?', buttons }), connection());
    expect(fake.requests[0]!.json).toEqual(
      documented('send_interactive_reply_button.request.json', (body) => {
        body.interactive = {
          type: 'button',
          body: { text: '¿Qué deseas?' },
          action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) },
        };
      }),
    );
  });

  it('sends a list as an interactive list message with one section', async () => {
    const rows = Array.from({ length: 5 }, (_, index) => ({ id: `op${index}`, title: `Opción ${index}` }));
    await client.send(envelope({ text: 'Elige', list: { button: 'Ver opciones', rows } }), connection());
    expect(fake.requests[0]!.json).toEqual(
      documented('send_interactive_list.request.json', (body) => {
        const interactive = body.interactive as Record<string, unknown>;
        delete interactive.header;
        delete interactive.footer;
        interactive.body = { text: 'Elige' };
        interactive.action = { button: 'Ver opciones', sections: [{ rows }] };
      }),
    );
  });

  it('sends text longer than an interactive body first, then the buttons with the rest', async () => {
    const text = `${'palabra '.repeat(200)}\n¿Qué deseas?`;
    await client.send(envelope({ text, buttons: [{ id: 'a', title: 'A' }] }), connection());
    const bodies = fake.requests.map(
      (request) => request.json as Record<string, { body?: { text: string } }>,
    );
    expect(bodies.map((body) => body.type)).toEqual(['text', 'interactive']);
    expect(bodies[1]!.interactive!.body!.text.length).toBeLessThanOrEqual(1024);
    const pieces = splitForInteractive(text);
    expect(pieces.every((piece) => piece.length <= 1024)).toBe(true);
    expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('addresses a business-scoped user id as recipient instead of to', async () => {
    await client.send(envelope({ to: 'US.13491208655302741918' }), connection());
    const body = fake.requests[0]!.json as Record<string, unknown>;
    expect(body.recipient).toBe('US.13491208655302741918');
    expect(body).not.toHaveProperty('to');
  });

  describe('the 24-hour customer-service window', () => {
    const withTemplate = () =>
      connection({
        windowTemplate: {
          name: TEMPLATE.name,
          language: TEMPLATE.language.code,
          components: TEMPLATE.components,
        },
      });

    it.each([
      ['the customer wrote more than 24 hours ago', new Date(NOW.getTime() - 24 * 3_600_000 - 1)],
      ['the customer never wrote', null],
    ])('sends the configured template when %s', async (_case, lastInboundAt) => {
      const result = await client.send(envelope({ lastInboundAt }), withTemplate());
      expect(result.providerMessageId).toBe(SENT.messages[0]!.id);
      expect(fake.requests.map((request) => request.json)).toEqual([
        documented('send_template_text.request.json', () => {}),
      ]);
    });

    it('sends the template once per conversation until the customer writes again', async () => {
      const old = new Date(NOW.getTime() - 30 * 3_600_000);
      const first = envelope({ id: 7, conversationId: 'conv_once', lastInboundAt: old });
      await client.send(first, withTemplate());
      const second = await failureOf(client.send({ ...first, id: 8, text: 'Segunda parte' }, withTemplate()));
      expect([second.code, second.retryable]).toEqual(['131047', false]);
      expect(second.message).toContain('the window template was already sent in this conversation');
      expect(fake.requests).toHaveLength(1);
      const later = new Date(NOW.getTime() - 25 * 3_600_000);
      await client.send({ ...first, id: 9, lastInboundAt: later }, withTemplate());
      expect(fake.requests.map((request) => (request.json as { type: string }).type)).toEqual([
        'template',
        'template',
      ]);
    });

    it('sends the template when the API answers 131047 inside the window', async () => {
      fake.enqueue({ status: 400, body: { error: ERRORS.ReEngagementMessage_131047 } });
      const result = await client.send(envelope(), withTemplate());
      expect(result.providerMessageId).toBe(SENT.messages[0]!.id);
      expect(fake.requests.map((request) => (request.json as { type: string }).type)).toEqual([
        'text',
        'template',
      ]);
    });

    it('fails for good with code 131047, saying to configure windowTemplate, when there is none', async () => {
      const error = await failureOf(client.send(envelope({ lastInboundAt: null }), connection()));
      expect(error.code).toBe('131047');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('configure windowTemplate in the settings of connection "whatsapp"');
      expect(fake.requests).toHaveLength(0);

      fake.enqueue({ status: 400, body: { error: ERRORS.ReEngagementMessage_131047 } });
      const answered = await failureOf(client.send(envelope(), connection()));
      expect([answered.code, answered.retryable]).toEqual(['131047', false]);
    });
  });

  describe('errors', () => {
    it.each([
      ['a 500', { status: 500, body: 'upstream failure' }, 'http_500', true, undefined],
      [
        'a 503 with a Meta code',
        { status: 503, body: { error: { code: 2, message: 'down' } } },
        '2',
        true,
        undefined,
      ],
      [
        'a 429 with Retry-After',
        { status: 429, body: { error: { code: 130429 } }, headers: { 'retry-after': '7' } },
        '130429',
        true,
        7000,
      ],
      [
        'throughput limit 130429',
        { status: 400, body: { error: { code: 130429 } } },
        '130429',
        true,
        undefined,
      ],
      ['pair rate limit 131056', { status: 400, body: { error: { code: 131056 } } }, '131056', true, 6000],
      ['app rate limit 4', { status: 400, body: { error: { code: 4 } } }, '4', true, undefined],
      [
        'account rate limit 80007',
        { status: 400, body: { error: { code: 80007 } } },
        '80007',
        true,
        undefined,
      ],
      [
        'an expired token',
        { status: 401, body: { error: ERRORS.ExpiredAccessToken_190 } },
        '190',
        false,
        undefined,
      ],
      [
        'a media upload error',
        { status: 400, body: { error: ERRORS.MediaUploadError_131053 } },
        '131053',
        false,
        undefined,
      ],
      ['a 404 without a body', { status: 404 }, 'http_404', false, undefined],
    ] as const)('classifies %s', async (_case, response, code, retryable, retryAfterMs) => {
      fake.enqueue(response);
      const error = await failureOf(client.send(envelope(), connection()));
      expect({ code: error.code, retryable: error.retryable, retryAfterMs: error.retryAfterMs }).toEqual({
        code,
        retryable,
        retryAfterMs,
      });
    });

    it("keeps Meta's message, details and trace id", async () => {
      fake.enqueue({ status: 401, body: { error: ERRORS.ExpiredAccessToken_190 } });
      const expired = await failureOf(client.send(envelope(), connection()));
      expect(expired.message).toContain('answered 401: Error validating access token');
      expect(expired.message).toContain('fbtrace_id ACEyrTehk6IAd0lm05Ixogh');
      fake.enqueue({ status: 400, body: { error: ERRORS.MediaUploadError_131053 } });
      const upload = await failureOf(client.send(envelope(), connection()));
      expect(upload.message).toContain('Downloading media from weblink failed with http code 429');
    });

    it('retries when the API cannot be reached', async () => {
      const closed = await unusedPort();
      const error = await failureOf(
        client.send(envelope(), connection({ apiBaseUrl: `http://127.0.0.1:${closed}` })),
      );
      expect([error.code, error.retryable]).toEqual(['network', true]);
    });

    it('fails for good, naming the variable to set, without an access token', async () => {
      const error = await failureOf(client.send(envelope(), connection({ accessToken: '' })));
      expect([error.code, error.retryable]).toEqual(['not_configured', false]);
      expect(error.message).toContain('connection "whatsapp" has no accessToken: set WHATSAPP_ACCESS_TOKEN');
    });

    it('reads Retry-After as seconds or as an HTTP date', () => {
      expect(retryAfter('3')).toBe(3000);
      expect(retryAfter('Mon, 23 Nov 2026 14:00:30 GMT', NOW)).toBe(30_000);
      expect(retryAfter('soon')).toBeUndefined();
      expect(retryAfter(null)).toBeUndefined();
    });
  });

  it('marks a message read with the typing indicator as Meta documents it', async () => {
    const documentedBody = fixture<{ message_id: string }>('send_typing_and_read_receipt.request.json');
    await client.markAsRead({ to: TO, providerMessageId: documentedBody.message_id }, connection());
    expect(fake.requests[0]!.path).toBe('/v23.0/1122334455667/messages');
    expect(fake.requests[0]!.json).toEqual(documentedBody);
  });
});

describe('downloading media', () => {
  it('asks for the media URL, then downloads it with the bearer token', async () => {
    const described = fixture('media_retrieve_url.response.json');
    fake.respondWith((request) =>
      request.path === '/v23.0/2621233374848975'
        ? { status: 200, body: { ...described, url: `${fake.baseUrl}/whatsapp_business/attachments/?mid=1` } }
        : { status: 200, body: 'JPEG-BYTES', headers: { 'content-type': 'image/jpeg' } },
    );
    const media = await downloadMedia('2621233374848975', connection());
    expect(media).toEqual({ data: Buffer.from('JPEG-BYTES'), mimeType: 'image/jpeg' });
    expect(
      fake.requests.map((request) => [request.method, request.path, request.headers.authorization]),
    ).toEqual([
      ['GET', '/v23.0/2621233374848975', 'Bearer EAAJB-test-token'],
      ['GET', '/whatsapp_business/attachments/', 'Bearer EAAJB-test-token'],
    ]);
  });

  it('refuses media larger than the limit and reports API errors', async () => {
    fake.respondWith((request) =>
      request.path.startsWith('/v23.0/')
        ? { status: 200, body: { url: `${fake.baseUrl}/file`, mime_type: 'video/mp4' } }
        : { status: 200, body: 'x'.repeat(2048) },
    );
    await expect(downloadMedia('1', connection(), { maxBytes: 1024 })).rejects.toMatchObject({
      code: 'media_too_large',
    });
    fake.respondWith(() => ({
      status: 404,
      body: { error: { code: 100, message: 'Unsupported get request' } },
    }));
    await expect(downloadMedia('1', connection())).rejects.toMatchObject({ code: '100', retryable: false });
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
