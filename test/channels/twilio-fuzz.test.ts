/**
 * Robustness of the Twilio webhook: 1,200 mutated or truncated form payloads, each correctly signed (so
 * that they reach the parser rather than stopping at the signature), posted to the real server ten at a
 * time. A fixed seed makes every run post the same payloads, so a failure can be replayed.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ACCOUNT_SID = 'AC1102d7cc2c23d58e0fdf5c6d5544cb80';
const AUTH_TOKEN = 'twilio-fuzz-auth-token';
const PUBLIC_URL = 'https://bot.example.com';
const WEBHOOK_PATH = '/webhooks/clinica/twilio';
const PAYLOADS = 1200;
const SEED = 0x7e1710;
const CONCURRENCY = 10;

/** mulberry32: a tiny seeded PRNG, so that the same payloads are posted on every run. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof createRandom>;

const hex = (random: Random, length: number) =>
  Array.from({ length }, () => '0123456789abcdef'[random.int(16)]).join('');

/** Real-shaped payloads of every kind the channel reads, as ordered lists of fields. */
function basePayloads(random: Random): [string, string][][] {
  const messageSid = () => `SM${hex(random, 32)}`;
  const customer = () => `57300${String(random.int(10_000_000)).padStart(7, '0')}`;
  const inbound = (extra: [string, string][]): [string, string][] => {
    const sid = messageSid();
    const from = customer();
    return [
      ['SmsMessageSid', sid],
      ['NumMedia', '0'],
      ['ProfileName', 'Ana'],
      ['SmsSid', sid],
      ['WaId', from],
      ['SmsStatus', 'received'],
      ['Body', 'hola, quiero una cita'],
      ['To', 'whatsapp:+14155238886'],
      ['NumSegments', '1'],
      ['ReferralNumMedia', '0'],
      ['MessageSid', sid],
      ['AccountSid', ACCOUNT_SID],
      ['From', `whatsapp:+${from}`],
      ['ApiVersion', '2010-04-01'],
      ...extra,
    ];
  };
  const status = (value: string, extra: [string, string][] = []): [string, string][] => [
    ['SmsSid', messageSid()],
    ['SmsStatus', value],
    ['MessageStatus', value],
    ['To', `whatsapp:+${customer()}`],
    ['MessageSid', messageSid()],
    ['AccountSid', ACCOUNT_SID],
    ['From', 'whatsapp:+14155238886'],
    ['ApiVersion', '2010-04-01'],
    ...extra,
  ];
  return [
    inbound([]),
    inbound([
      ['NumMedia', '2'],
      ['MediaUrl0', `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`],
      ['MediaContentType0', 'image/jpeg'],
      ['MediaUrl1', `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME2`],
      ['MediaContentType1', 'audio/ogg'],
    ]),
    inbound([
      ['ButtonPayload', 'ayuda'],
      ['ButtonText', 'Ver opciones'],
      ['ButtonType', 'REPLY'],
    ]),
    inbound([
      ['Latitude', '4.6533326'],
      ['Longitude', '-74.083652'],
      ['Address', 'Cra. 7 #32-16, Bogotá'],
      ['Label', 'Clínica'],
    ]),
    status('delivered'),
    status('read', [['EventType', 'READ']]),
    status('undelivered', [['ErrorCode', '63016']]),
    status('queued'),
  ];
}

const JUNK = [
  '',
  ' ',
  '%',
  '%0',
  '%00',
  '%FF',
  '%E0%A4%A',
  '%C3%28',
  '+',
  '&',
  '=',
  '==',
  '&&=&',
  'ñandú',
  '🙂',
  '\u0000',
  '-1',
  '1e308',
  'NaN',
  '999',
  'whatsapp:+',
  'whatsapp:+1',
  'whatsapp:+57300123456789012345',
  'javascript:alert(1)',
  'https://',
  '<Response>',
  '"quoted"',
  'SM' + '0'.repeat(31),
  'x'.repeat(5000),
];
const KEYS = [
  'MessageSid',
  'From',
  'Body',
  'NumMedia',
  'MediaUrl0',
  'MediaContentType0',
  'MediaUrl9',
  'ButtonPayload',
  'ButtonText',
  'Latitude',
  'Longitude',
  'MessageStatus',
  'ErrorCode',
  'ProfileName',
  'WaId',
];
const STATUSES = ['sent', 'delivered', 'read', 'failed', 'undelivered', 'received', 'queued', 'bogus', ''];

function encode(fields: [string, string][]): string {
  return new URLSearchParams(fields).toString();
}

/** One payload: a base payload with one to three mutations, as bytes. */
function mutate(random: Random, base: [string, string][]): Buffer {
  let fields = base.map(([name, value]) => [name, value] as [string, string]);
  let raw: Buffer | undefined;
  const mutations = 1 + random.int(3);
  for (let step = 0; step < mutations; step++) {
    const at = random.int(Math.max(fields.length, 1));
    switch (random.int(9)) {
      case 0: // drop a field
        fields.splice(at, 1);
        break;
      case 1: // junk value
        if (fields[at]) fields[at]![1] = random.pick(JUNK);
        break;
      case 2: // a known field set to junk or to a plausible-but-wrong value
        fields.push([random.pick(KEYS), random.pick([...JUNK, ...STATUSES, `SM${'ab'.repeat(16)}`])]);
        break;
      case 3: // duplicate a field with another value
        if (fields[at]) fields.push([fields[at]![0], random.pick(JUNK)]);
        break;
      case 4: // change the case of a name
        if (fields[at]) fields[at]![0] = fields[at]![0].toLowerCase();
        break;
      case 5: // a status that changes the shape
        fields.push(['MessageStatus', random.pick(STATUSES)]);
        break;
      case 6: // shuffle
        fields = fields.sort(() => random.next() - 0.5);
        break;
      case 7: // truncate the encoded body anywhere (possibly inside a %XX escape)
        raw = Buffer.from(encode(fields).slice(0, random.int(encode(fields).length + 1)));
        break;
      default: {
        // raw bytes (not UTF-8, stray separators, bad escapes) spliced into the encoded body
        const text = raw ?? Buffer.from(encode(fields));
        const cut = random.int(text.length + 1);
        const noise = Buffer.from(Array.from({ length: 1 + random.int(6) }, () => random.int(256)));
        raw = Buffer.concat([text.subarray(0, cut), noise, text.subarray(cut)]);
      }
    }
  }
  return raw ?? Buffer.from(encode(fields));
}

/** Twilio's signature over the parameters as any web framework reads them. */
function sign(body: Buffer): string {
  const params = [...new URLSearchParams(body.toString('utf8'))];
  const names = [...new Set(params.map(([name]) => name))].sort();
  let data = `${PUBLIC_URL}${WEBHOOK_PATH}`;
  for (const name of names) {
    const values = [...new Set(params.filter(([key]) => key === name).map(([, value]) => value))].sort();
    for (const value of values) data += name + value;
  }
  return createHmac('sha1', AUTH_TOKEN).update(data, 'utf8').digest('base64');
}

describe.each(DIALECTS)('Twilio webhook fuzzing on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
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
                from: 'whatsapp:+14155238886',
                // Nothing is sent: the pipeline stays stopped.
                apiBaseUrl: 'http://127.0.0.1:9',
              },
            },
          ],
        },
      ]),
      app: { publicUrl: PUBLIC_URL },
      // The webhook path is what is fuzzed: verify, parse, store, answer. Processing is left stopped so
      // that the run stays short on PostgreSQL; the end-to-end tests cover turns and replies.
      start: false,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`answers ${PAYLOADS} mutated, signed payloads with 2xx or 4xx only, stays healthy and stores nothing invalid`, async () => {
    const random = createRandom(SEED);
    const statuses = new Map<number, number>();
    const payloads = Array.from({ length: PAYLOADS }, () =>
      mutate(random, random.pick(basePayloads(random))),
    );
    // Twilio posts concurrently too: ten requests in flight at a time.
    for (let start = 0; start < PAYLOADS; start += CONCURRENCY) {
      const batch = payloads.slice(start, start + CONCURRENCY);
      const responses = await Promise.all(
        batch.map((body) =>
          server.app.inject({
            method: 'POST',
            url: WEBHOOK_PATH,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': sign(body),
            },
            payload: body,
          }),
        ),
      );
      responses.forEach((response, offset) => {
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500 || response.statusCode < 200) {
          throw new Error(
            `payload ${start + offset} answered ${response.statusCode}: ${batch[offset]!.toString('latin1')}`,
          );
        }
      });
    }
    // Both paths were exercised: accepted payloads and refused ones.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect([...statuses.keys()].every((status) => status === 200 || status === 400)).toBe(true);

    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    const messages = await server.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'in')
      .execute();
    expect(messages.length).toBeGreaterThan(50);
    for (const message of messages) {
      expect(message.connection_id).toBe('twilio');
      expect(message.provider_message_id).toMatch(/^[A-Za-z]{2}[0-9A-Za-z]{32}$/);
      expect(['text', 'interactive', 'media', 'location', 'unsupported']).toContain(message.kind);
      expect(message.text).not.toContain('\u0000');
      expect(typeof JSON.parse(message.payload)).toBe('object');
    }
    const contacts = await server.db.selectFrom('contacts').select('external_id').execute();
    for (const contact of contacts) expect(contact.external_id).toMatch(/^\d{6,15}$/);
    const reports = await server.db.selectFrom('delivery_statuses').selectAll().execute();
    for (const report of reports) {
      expect(['sent', 'delivered', 'read', 'failed']).toContain(report.status);
      expect(report.provider_message_id).toMatch(/^[A-Za-z]{2}[0-9A-Za-z]{32}$/);
    }
    // Every request is in the webhook log, with the status it was answered.
    const logged = await server.db.selectFrom('webhook_log').select('status_code').execute();
    expect(logged).toHaveLength(PAYLOADS);
    expect(logged.filter((entry) => entry.status_code === 400)).toHaveLength(statuses.get(400) ?? 0);
    const errors = server.logLines.filter((line) => JSON.parse(line).level >= 50);
    expect(errors).toEqual([]);
  });
});
