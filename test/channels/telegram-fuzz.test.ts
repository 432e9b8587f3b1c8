/**
 * Robustness of the Telegram webhook: a fixed-seed fuzz loop posts mutated and truncated real updates,
 * with the right secret, through the real server. Every answer is a 2xx or a 4xx, the server stays
 * healthy, and whatever was stored is well formed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SECRET = 'fuzz_SECRET-0123456789';
const ROUNDS = 1000;
const SEED = 0x7e1e9a;

const FIXTURES = resolve(import.meta.dirname, '../../src/channels/telegram/__fixtures__');
const SAMPLES = [
  ...readdirSync(FIXTURES)
    .filter((file) => file.startsWith('update_'))
    .map((file) => readFileSync(resolve(FIXTURES, file), 'utf8')),
  // A pressed button on a message with a keyboard, as Telegram sends it today.
  JSON.stringify({
    update_id: 5,
    callback_query: {
      id: '123456789',
      from: { id: 42, is_bot: false, first_name: 'Ana' },
      message: {
        message_id: 9,
        chat: { id: 42, type: 'private' },
        date: 1763906400,
        text: '¿Qué necesitas?',
        reply_markup: { inline_keyboard: [[{ text: 'Ver opciones', callback_data: 'ayuda' }]] },
      },
      chat_instance: '-1',
      data: 'ayuda',
    },
  }),
];

/** mulberry32: a tiny seeded PRNG, so every run posts the same payloads. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const below = (count: number) => Math.floor(next() * count);
  const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;
  return { next, below, pick };
}

type Random = ReturnType<typeof createRandom>;

const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -(2 ** 60),
  1e308,
  '',
  '\u0000',
  'ho\u0000la',
  '\ud800',
  '🙂'.repeat(50),
  'x'.repeat(5000),
  [],
  {},
  [{}],
  { id: 'x' },
  { id: 1 },
  '1111111',
  'message',
];
const UPDATE_TYPES = [
  'message',
  'edited_message',
  'callback_query',
  'channel_post',
  'my_chat_member',
  'poll',
  'zz',
];

/**
 * One or two mutations of a sample: truncation or a stray character (the JSON breaks), or a change to
 * its structure (a value replaced by an odd one or removed, another update id, another update type). Most
 * samples get a fresh update id first, so that accepted ones are stored rather than deduplicated.
 */
function mutate(source: string, random: Random): string {
  let text = source;
  if (random.next() < 0.8) {
    text = JSON.stringify({
      ...(JSON.parse(source) as Record<string, unknown>),
      update_id: random.below(2 ** 31),
    });
  }
  const steps = 1 + random.below(2);
  for (let step = 0; step < steps; step++) {
    const mutation = random.below(10);
    if (mutation === 0) return text.slice(0, random.below(text.length + 1));
    if (mutation === 1) {
      const at = random.below(text.length + 1);
      const insert = random.pick(['"', '{', '}', ',', ':', '\\', '\u0000', '9', ' ', 'é', ']', 'null']);
      text = text.slice(0, at) + insert + text.slice(at + (random.next() < 0.5 ? 1 : 0));
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return text;
    }
    if (mutation <= 4) value = setAtRandomPath(value, random, () => random.pick(ODD_VALUES));
    else if (mutation <= 6) value = setAtRandomPath(value, random, undefined);
    else if (mutation === 7 && isRecord(value)) value = { ...value, update_id: random.pick(ODD_VALUES) };
    else if (mutation === 8 && isRecord(value)) value = renameType(value, random);
    else value = random.pick(ODD_VALUES);
    text = JSON.stringify(value) ?? 'undefined';
  }
  return text;
}

/** Replaces (or, without a maker, deletes) one value somewhere in the tree. */
function setAtRandomPath(root: unknown, random: Random, make: (() => unknown) | undefined): unknown {
  if (!isRecord(root) && !Array.isArray(root)) return make ? make() : root;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(root) ? [...root] : { ...root };
  const keys = Object.keys(copy);
  if (keys.length === 0) return make ? make() : copy;
  const key = random.pick(keys);
  const child = (copy as Record<string, unknown>)[key];
  const descend = random.next() < 0.8 && (isRecord(child) || Array.isArray(child));
  if (descend) (copy as Record<string, unknown>)[key] = setAtRandomPath(child, random, make);
  else if (make) (copy as Record<string, unknown>)[key] = make();
  else if (Array.isArray(copy)) copy.splice(Number(key), 1);
  else delete copy[key];
  return copy;
}

function renameType(update: Record<string, unknown>, random: Random): Record<string, unknown> {
  const entries = Object.entries(update).map(([key, value]) =>
    key === 'update_id' ? [key, value] : [random.pick(UPDATE_TYPES), value],
  );
  return Object.fromEntries(entries);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

describe.each(DIALECTS)('Telegram webhook fuzz on %s', (dialect) => {
  let fake: FakeProvider | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fake?.close();
  });

  it(`answers ${ROUNDS} mutated updates with 2xx or 4xx only, stays healthy and stores nothing invalid`, async () => {
    fake = await startFakeProvider(() => ({
      status: 200,
      body: { ok: true, result: { message_id: 1, chat: { id: 1 }, date: 1 } },
    }));
    server = await startTestServer({
      dialect,
      config: testConfig([
        {
          id: 'isp',
          connections: [
            {
              id: 'telegram',
              channel: 'telegram',
              settings: { botToken: '123:ABC', webhookSecret: SECRET, apiBaseUrl: fake.baseUrl },
            },
          ],
        },
      ]),
    });
    const random = createRandom(SEED);
    const statuses = new Map<number, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const body = mutate(random.pick(SAMPLES), random);
      const response = await server.app.inject({
        method: 'POST',
        url: '/webhooks/isp/telegram',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        payload: body,
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (!(response.statusCode < 300 || (response.statusCode >= 400 && response.statusCode < 500))) {
        throw new Error(`round ${round} answered ${response.statusCode}: ${response.body}\npayload: ${body}`);
      }
    }
    // Both outcomes were exercised: accepted updates and refused ones.
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(100);

    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    const inbound = await server.db
      .selectFrom('messages')
      .select(['provider_message_id', 'kind', 'text', 'payload', 'connection_id'])
      .where('direction', '=', 'in')
      .execute();
    expect(inbound.length).toBeGreaterThan(10);
    expect(inbound.length).toBeLessThanOrEqual(statuses.get(200)!);
    for (const message of inbound) {
      expect(message.connection_id).toBe('telegram');
      expect(message.provider_message_id).toMatch(/^\d+(:.+)?$/);
      expect(['text', 'interactive', 'media', 'location', 'contacts', 'unsupported']).toContain(message.kind);
      expect(typeof message.text).toBe('string');
      expect(message.text).not.toContain('\u0000');
      expect(() => JSON.parse(message.payload)).not.toThrow();
    }
    const contacts = await server.db.selectFrom('contacts').select(['external_id', 'name']).execute();
    for (const contact of contacts) {
      expect(contact.external_id).toMatch(/^-?\d+$/);
      expect(Number.isSafeInteger(Number(contact.external_id))).toBe(true);
    }
  });
});
