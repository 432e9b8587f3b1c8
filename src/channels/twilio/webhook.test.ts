import { describe, expect, it } from 'vitest';
import { WebhookParseError, type RawRequest } from '../channel.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { docBase, FIXTURES, json } from './__fixtures__/expected-events.ts';
import { twilioSignature } from './signature.ts';
import { createTwilioWebhook, EMPTY_TWIML, parseTwilioRequest, verifyTwilioRequest } from './webhook.ts';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const URL_CALLED = 'https://bot.example.com/webhooks/clinica/twilio';
const connection: ConnectionConfig = {
  id: 'twilio',
  channel: 'twilio',
  settings: { accountSid: `AC${'1'.repeat(32)}`, authToken: AUTH_TOKEN, from: 'whatsapp:+14155238886' },
};

function request(body: string | Record<string, string>, headers: Record<string, string> = {}): RawRequest {
  const form = typeof body === 'string' ? body : new URLSearchParams(body).toString();
  return {
    method: 'POST',
    publicUrl: URL_CALLED,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    query: {},
    body: Buffer.from(form),
  };
}

function signed(body: string | Record<string, string>, url = URL_CALLED): RawRequest {
  const raw = request(body);
  const params = Object.fromEntries(new URLSearchParams(raw.body.toString()));
  return {
    ...raw,
    headers: { ...raw.headers, 'x-twilio-signature': twilioSignature(AUTH_TOKEN, url, params) },
  };
}

const parse = (body: string | Record<string, string>) => parseTwilioRequest(request(body), connection);

describe('twilio webhook: every fixture parses to the expected events', () => {
  it.each(FIXTURES)('$name', ({ body, events }) => {
    expect(parse(body)).toEqual(events);
  });
});

describe('twilio webhook: what it refuses (400)', () => {
  const base = { MessageSid: docBase.MessageSid, From: docBase.From, Body: 'hola' };
  it.each([
    ['no MessageSid (an unknown shape)', { From: docBase.From, Body: 'hola' }, /no MessageSid/],
    ['a MessageSid that is not a SID', { ...base, MessageSid: 'SM123' }, /not a Twilio message SID/],
    ['a From that is not a number', { ...base, From: 'whatsapp:+57abc' }, /From is not a WhatsApp address/],
    ['no From on a message', { MessageSid: base.MessageSid, Body: 'hola' }, /From/],
    ['NumMedia out of range', { ...base, NumMedia: '11' }, /NumMedia/],
    ['NumMedia without its MediaUrl', { ...base, NumMedia: '1' }, /MediaUrl0/],
    [
      'a media URL that is not http(s)',
      { ...base, NumMedia: '1', MediaUrl0: 'javascript:alert(1)' },
      /MediaUrl0/,
    ],
    [
      'a bad MIME type',
      { ...base, NumMedia: '1', MediaUrl0: 'https://a.b/c', MediaContentType0: 'x' },
      /MIME/,
    ],
    ['a latitude out of range', { ...base, Latitude: '91', Longitude: '0' }, /Latitude/],
    ['a longitude alone', { ...base, Longitude: '10.5' }, /Latitude/],
    [
      'a status with a bad ErrorCode',
      { MessageSid: base.MessageSid, MessageStatus: 'failed', ErrorCode: 'x' },
      /ErrorCode/,
    ],
  ])('%s', (_name, body, message) => {
    expect(() => parse(body)).toThrow(WebhookParseError);
    expect(() => parse(body)).toThrow(message);
  });

  it.each([
    ['invalid percent-encoding', 'MessageSid=SM1&Body=%E0%A4%A'],
    ['a lone %', 'Body=100%&MessageSid=x'],
    ['bytes that are not UTF-8', Buffer.from([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe])],
  ])('a malformed form body: %s', (_name, body) => {
    const raw = { ...request(''), body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
    expect(() => parseTwilioRequest(raw, connection)).toThrow(WebhookParseError);
  });

  it('a JSON body', () => {
    const raw = { ...request('{"MessageSid":"x"}'), headers: { 'content-type': 'application/json' } };
    expect(() => parseTwilioRequest(raw, connection)).toThrow(/application\/x-www-form-urlencoded/);
  });

  it('drops NUL characters, which no real message has and PostgreSQL cannot store', () => {
    const [event] = parse({ ...base, Body: 'ho\u0000la', ProfileName: 'A\u0000na' });
    expect(event).toMatchObject({ message: { text: 'hola', name: 'Ana' } });
  });

  it('reads a From without the whatsapp: prefix and keeps only the digits', () => {
    const [event] = parse({ ...base, From: '+573001234567' });
    expect(event).toMatchObject({ message: { from: '573001234567' } });
  });
});

describe('twilio webhook: verify', () => {
  const body = { ...docBase, Body: 'hola' };

  it('accepts a request signed over the public URL and the form parameters', () => {
    expect(verifyTwilioRequest(signed(body), connection)).toEqual({ ok: true });
  });

  it('accepts a signature over the same URL with its default port written out', () => {
    const raw = signed(body, 'https://bot.example.com:443/webhooks/clinica/twilio');
    expect(verifyTwilioRequest(raw, connection)).toEqual({ ok: true });
  });

  it('refuses a signature over another URL, naming the URL it checked', () => {
    const raw = signed(body, 'https://other.example.com/webhooks/clinica/twilio');
    const result = verifyTwilioRequest(raw, connection);
    expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(!result.ok && result.message).toContain(URL_CALLED);
  });

  it('refuses a changed body', () => {
    const raw = signed(body);
    const tampered = { ...raw, body: Buffer.from(raw.body.toString().replace('hola', 'adios')) };
    expect(verifyTwilioRequest(tampered, connection)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a request without X-Twilio-Signature', () => {
    const result = verifyTwilioRequest(request(body), connection);
    expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(!result.ok && result.message).toMatch(/no X-Twilio-Signature/);
  });

  it('refuses every webhook while the connection has no auth token, naming TWILIO_AUTH_TOKEN', () => {
    const unconfigured = { ...connection, settings: { ...connection.settings, authToken: '' } };
    const result = verifyTwilioRequest(signed(body), unconfigured);
    expect(result).toMatchObject({ ok: false, reason: 'not_configured' });
    expect(!result.ok && result.message).toBe(
      'connection "twilio" has no authToken: set TWILIO_AUTH_TOKEN (or settings.authToken in orquesta.yaml)',
    );
  });

  it('answers with empty TwiML, so that Twilio sends nothing itself', () => {
    const webhook = createTwilioWebhook(new WeakMap());
    expect(webhook.acknowledge?.()).toEqual({ status: 200, contentType: 'text/xml', body: EMPTY_TWIML });
    // The same document as twilio-node's empty MessagingResponse, written with an end tag.
    const vectors = json('twiml_messaging_response_vectors.json').vectors as { name: string; xml: string }[];
    const empty = vectors.find((vector) => vector.name.startsWith('empty response'))!;
    expect(EMPTY_TWIML).toBe(empty.xml.replace('<Response/>', '<Response></Response>'));
  });

  it('remembers the URL of the last verified webhook of the connection, without its query', () => {
    const urls = new WeakMap<ConnectionConfig, string>();
    const webhook = createTwilioWebhook(urls);
    const withQuery = `${URL_CALLED}?source=twilio`;
    webhook.verify({ ...signed(body, withQuery), publicUrl: withQuery }, connection);
    expect(urls.get(connection)).toBe(URL_CALLED);
    webhook.verify({ ...request(body), publicUrl: 'https://attacker.example/x' }, connection);
    expect(urls.get(connection)).toBe(URL_CALLED);
  });
});
