import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeProvider,
  type FakeProvider,
  type RecordedRequest,
} from '../../../test/support/fake-provider.ts';
import { DeliveryError, type OutboundEnvelope } from '../../core/delivery.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { sendTwilioMessage, type TwilioClientOptions } from './client.ts';
import { twilioSettingsSchema } from './settings.ts';

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const CONTENT_SID = `HX${'b2'.repeat(16)}`;
const NOW = new Date('2026-11-23T15:00:00.000Z');
const HOUR = 60 * 60 * 1000;

let fake: FakeProvider;
let sids = 0;
beforeAll(async () => {
  fake = await startFakeProvider(() => ({
    status: 201,
    body: { sid: `SM${String(++sids).padStart(32, '0')}`, status: 'queued' },
  }));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function connectionWith(settings: Record<string, unknown> = {}): ConnectionConfig {
  const raw = {
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: 'whatsapp:+14155238886',
    apiBaseUrl: fake.baseUrl,
    ...settings,
  };
  // As the registry hands it over: validated, with defaults.
  return { id: 'twilio', channel: 'twilio', settings: twilioSettingsSchema.parse(raw) };
}

function envelope(overrides: Partial<OutboundEnvelope> = {}): OutboundEnvelope {
  return {
    id: 7,
    tenantId: 'clinica',
    connectionId: 'twilio',
    conversationId: 'conv_1',
    to: '573001234567',
    lastInboundAt: new Date(NOW.getTime() - HOUR),
    text: '¡Hola! ¿En qué te puedo ayudar?',
    traceId: 'trc_1',
    turnId: 'turn_1',
    ...overrides,
  };
}

function options(overrides: Partial<TwilioClientOptions> = {}): TwilioClientOptions {
  return {
    fetch: globalThis.fetch,
    now: () => NOW,
    timeoutMs: 5000,
    publicUrl: 'https://bot.example.com',
    verifiedUrls: new WeakMap(),
    ...overrides,
  };
}

const fields = (request: RecordedRequest) => [...request.form!.entries()];

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('twilio client: sending', () => {
  it('posts From, To, Body and StatusCallback to Messages.json with basic auth, and returns the sid', async () => {
    const result = await sendTwilioMessage(envelope(), connectionWith(), options());
    expect(result).toEqual({ providerMessageId: `SM${String(sids).padStart(32, '0')}` });
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.accept).toBe('application/json');
    expect(fields(request!)).toEqual([
      ['From', 'whatsapp:+14155238886'],
      ['To', 'whatsapp:+573001234567'],
      ['Body', '¡Hola! ¿En qué te puedo ayudar?'],
      ['StatusCallback', 'https://bot.example.com/webhooks/clinica/twilio'],
    ]);
  });

  it('sends the request recorded from twilio-node (send_message.request.txt)', async () => {
    const recorded = readFileSync(new URL('./__fixtures__/send_message.request.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'));
    const [requestLine, ...rest] = recorded;
    const headers = Object.fromEntries(
      rest
        .slice(0, rest.indexOf(''))
        .map((line) => line.split(': ') as [string, string])
        .map(([name, value]) => [name.toLowerCase(), value]),
    );
    const form = new URLSearchParams(rest.slice(rest.indexOf('') + 1).join(''));

    await sendTwilioMessage(envelope(), connectionWith(), options());
    const [request] = fake.requests;
    const [method, path] = requestLine!.split(' ');
    expect(`${request!.method} ${request!.path}`).toBe(
      `${method} ${path!.replace(/AC[X]{32}/, ACCOUNT_SID)}`,
    );
    expect(request!.headers['content-type']).toBe(headers['content-type']);
    expect(request!.headers.accept).toBe(headers.accept);
    expect([...request!.form!.keys()].sort()).toEqual([...form.keys()].sort());
  });

  it('takes the StatusCallback base from settings.publicUrl before ORQUESTA_PUBLIC_URL', async () => {
    await sendTwilioMessage(
      envelope(),
      connectionWith({ publicUrl: 'https://hooks.example.org/' }),
      options(),
    );
    expect(fake.requests[0]!.form!.get('StatusCallback')).toBe(
      'https://hooks.example.org/webhooks/clinica/twilio',
    );
  });

  it('uses the URL of the last verified webhook when no public URL is configured', async () => {
    const connection = connectionWith();
    const verifiedUrls = new WeakMap([[connection, 'https://proxy.example.net/webhooks/clinica/twilio']]);
    await sendTwilioMessage(envelope(), connection, options({ publicUrl: undefined, verifiedUrls }));
    expect(fake.requests[0]!.form!.get('StatusCallback')).toBe(
      'https://proxy.example.net/webhooks/clinica/twilio',
    );
  });

  it('sends no StatusCallback when no public URL is known, or when statusCallback is false', async () => {
    await sendTwilioMessage(envelope(), connectionWith(), options({ publicUrl: undefined }));
    await sendTwilioMessage(envelope(), connectionWith({ statusCallback: false }), options());
    await sendTwilioMessage(envelope(), connectionWith(), options({ publicUrl: 'not a url' }));
    expect(fake.requests.map((request) => request.form!.has('StatusCallback'))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('refuses a recipient that is not a phone number, without calling Twilio', async () => {
    const error = await failureOf(
      sendTwilioMessage(envelope({ to: 'web-visitor-1' }), connectionWith(), options()),
    );
    expect(error).toMatchObject({ code: 'invalid_recipient', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['accountSid', 'TWILIO_ACCOUNT_SID'],
    ['authToken', 'TWILIO_AUTH_TOKEN'],
  ])('fails for good while %s is missing, naming %s', async (setting, variable) => {
    const error = await failureOf(
      sendTwilioMessage(envelope(), connectionWith({ [setting]: '' }), options()),
    );
    expect(error).toMatchObject({ code: 'not_configured', retryable: false });
    expect(error.message).toContain(`set ${variable}`);
  });
});

describe("twilio client: WhatsApp's 24-hour window", () => {
  const template = { windowTemplate: { contentSid: CONTENT_SID, variables: { '1': 'Clínica Bella Piel' } } };

  it.each([
    ['the customer last wrote 25 hours ago', new Date(NOW.getTime() - 25 * HOUR)],
    ['the customer never wrote', null],
  ])('sends the content template instead of free text when %s', async (_when, lastInboundAt) => {
    await sendTwilioMessage(envelope({ lastInboundAt }), connectionWith(template), options());
    expect(fields(fake.requests[0]!)).toEqual([
      ['From', 'whatsapp:+14155238886'],
      ['To', 'whatsapp:+573001234567'],
      ['ContentSid', CONTENT_SID],
      ['ContentVariables', '{"1":"Clínica Bella Piel"}'],
      ['StatusCallback', 'https://bot.example.com/webhooks/clinica/twilio'],
    ]);
  });

  it('fails for good with 63016 and says what to configure when no template is configured', async () => {
    const late = envelope({ lastInboundAt: new Date(NOW.getTime() - 25 * HOUR) });
    const error = await failureOf(sendTwilioMessage(late, connectionWith(), options()));
    expect(error).toMatchObject({ code: '63016', retryable: false });
    expect(error.message).toMatch(/no windowTemplate: set settings\.windowTemplate\.contentSid/);
    expect(fake.requests).toHaveLength(0);
  });

  it('sends the template when Twilio answers 63016 to free text', async () => {
    fake.enqueue({
      status: 400,
      body: {
        code: 63016,
        message: 'Failed to send freeform message because you are outside the allowed window.',
        more_info: 'https://www.twilio.com/docs/errors/63016',
        status: 400,
      },
    });
    const result = await sendTwilioMessage(envelope(), connectionWith(template), options());
    expect(result.providerMessageId).toMatch(/^SM/);
    expect(fake.requests.map((request) => request.form!.has('ContentSid'))).toEqual([false, true]);
  });

  it('reports 63016 for good when Twilio answers it and no template is configured', async () => {
    fake.enqueue({ status: 400, body: { code: 63016, message: 'Outside the allowed window.', status: 400 } });
    const error = await failureOf(sendTwilioMessage(envelope(), connectionWith(), options()));
    expect(error).toMatchObject({ code: '63016', retryable: false });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('twilio client: errors', () => {
  it("retries 429 after Twilio's Retry-After", async () => {
    fake.enqueue({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { code: 20429, message: 'Too Many Requests', status: 429 },
    });
    const error = await failureOf(sendTwilioMessage(envelope(), connectionWith(), options()));
    expect(error).toMatchObject({ code: '20429', retryable: true, retryAfterMs: 7000 });
  });

  it('retries 5xx, reading Retry-After as an HTTP date', async () => {
    fake.enqueue({
      status: 503,
      headers: { 'retry-after': new Date(NOW.getTime() + 30_000).toUTCString() },
      body: 'Service Unavailable',
    });
    const error = await failureOf(sendTwilioMessage(envelope(), connectionWith(), options()));
    expect(error).toMatchObject({ code: 'http_503', retryable: true, retryAfterMs: 30_000 });
  });

  it("fails for good on another 4xx, with Twilio's code and message", async () => {
    fake.enqueue({
      status: 400,
      body: {
        code: 21211,
        message: "The 'To' number whatsapp:+573001234567 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    });
    const error = await failureOf(sendTwilioMessage(envelope(), connectionWith(), options()));
    expect(error).toMatchObject({ code: '21211', retryable: false, retryAfterMs: undefined });
    expect(error.message).toBe(
      "Twilio answered 400: The 'To' number whatsapp:+573001234567 is not a valid phone number. (https://www.twilio.com/docs/errors/21211)",
    );
  });

  it('says which credentials to check on 401', async () => {
    fake.enqueue({ status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } });
    const error = await failureOf(sendTwilioMessage(envelope(), connectionWith(), options()));
    expect(error).toMatchObject({ code: '20003', retryable: false });
    expect(error.message).toMatch(/check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/);
  });

  it('retries when Twilio cannot be reached', async () => {
    const closed = await startFakeProvider(() => ({ status: 200 }));
    await closed.close();
    const error = await failureOf(
      sendTwilioMessage(envelope(), connectionWith({ apiBaseUrl: closed.baseUrl }), options()),
    );
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });

  it('counts a 2xx without a readable sid as sent (a retry would send the message twice)', async () => {
    fake.enqueue({ status: 201, body: 'not json' });
    await expect(sendTwilioMessage(envelope(), connectionWith(), options())).resolves.toEqual({});
  });
});
