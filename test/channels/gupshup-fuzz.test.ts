/**
 * Robustness of the Gupshup webhook: over a thousand mutated or truncated payloads of both formats, each
 * carrying the right token, through the real server. Every one is answered 2xx or 4xx, the server stays
 * healthy, and whatever was stored is well-formed. The seed is fixed, so a failure replays exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const TOKEN = 'gupshup-fuzz-token-0123456789abcdef';
const SEED = 0x9e3779b9;
const ROUNDS = 1000;
const FIXTURES = new URL('../../src/channels/gupshup/__fixtures__/', import.meta.url);

/** mulberry32: a tiny seeded PRNG, enough to make the mutations reproducible. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  return { next, below, pick: <T>(items: readonly T[]): T => items[below(items.length)]! };
}
type Random = ReturnType<typeof createRandom>;

const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀',
  '<script>',
  "'; drop table messages; --",
  true,
  [],
  {},
  [1, 'a', null],
  { type: 'text' },
  'message',
  'message-event',
  'user-event',
  'opted-out',
  'failed',
  'interactive',
  '1718007189549',
  '-99.999',
];

/** Every place in a JSON value: the containers and the key or index under each. */
function places(
  value: unknown,
  found: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [],
) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found.push({ parent: value, key: index });
      places(item, found);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      found.push({ parent: value as Record<string, unknown>, key });
      places(item, found);
    }
  }
  return found;
}

/** One structural change to a copy of the payload: a value replaced, removed, duplicated or retyped. */
function mutateJson(seed: unknown, random: Random): unknown {
  const copy = structuredClone(seed);
  const targets = places(copy);
  const mutations = 1 + random.below(3);
  for (let index = 0; index < mutations && targets.length > 0; index += 1) {
    const { parent, key } = random.pick(targets);
    const current = (parent as Record<string | number, unknown>)[key];
    switch (random.below(5)) {
      case 0:
        (parent as Record<string | number, unknown>)[key] = structuredClone(random.pick(ODD_VALUES));
        break;
      case 1:
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key as string];
        break;
      case 2:
        (parent as Record<string | number, unknown>)[key] = [current, current];
        break;
      case 3:
        (parent as Record<string | number, unknown>)[key] =
          typeof current === 'string' ? Number(current) || current.length : String(current);
        break;
      default:
        if (Array.isArray(current)) current.push(structuredClone(current[0] ?? null));
        else (parent as Record<string | number, unknown>)[key] = { value: current };
    }
  }
  return copy;
}

/** One change to the raw text: truncated, a character replaced, or a chunk dropped or repeated. */
function mutateText(text: string, random: Random): string {
  const at = random.below(text.length + 1);
  switch (random.below(4)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return `${text.slice(0, at)}${random.pick(['"', '{', '}', ']', ',', ':', '\\', 'ñ', '\u0000', ' '])}${text.slice(at + 1)}`;
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + random.below(40));
    default:
      return text.slice(0, at) + text.slice(at, at + 30) + text.slice(at);
  }
}

function seeds() {
  const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));
  return files.map((file) => ({
    file,
    value: JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as unknown,
  }));
}

describe.each(DIALECTS)('Gupshup webhook robustness on %s', (dialect) => {
  let fake: FakeProvider;
  let server: TestServer;
  beforeAll(async () => {
    fake = await startFakeProvider(() => ({
      status: 202,
      body: { status: 'submitted', messageId: 'gs-fuzz' },
    }));
    server = await startTestServer({
      dialect,
      config: testConfig([
        {
          id: 'autos',
          connections: [
            {
              id: 'gupshup',
              channel: 'gupshup',
              settings: {
                appName: 'autosconfianza',
                source: '5215512345678',
                apiKey: 'fuzz-key',
                webhookToken: TOKEN,
                apiBaseUrl: fake.baseUrl,
              },
            },
          ],
        },
      ]),
      pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } },
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it(`answers ${ROUNDS} mutated payloads with 2xx or 4xx and stores nothing invalid`, async () => {
    const random = createRandom(SEED);
    const pool = seeds();
    expect(pool.some(({ value }) => Array.isArray((value as { entry?: unknown }).entry))).toBe(true);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const seed = pool[round % pool.length]!;
      const structural = random.next() < 0.6;
      const body = structural
        ? JSON.stringify(mutateJson(seed.value, random))
        : mutateText(JSON.stringify(seed.value, null, random.below(2) * 2), random);
      const response = await server.app.inject({
        method: 'POST',
        url: `/webhooks/autos/gupshup?token=${TOKEN}`,
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode >= 500 || response.statusCode < 200)
        failures.push(`round ${round} (${seed.file}): ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // Both outcomes happen: the fuzzer is neither too gentle nor too rough.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);

    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    const messages = await server.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'in')
      .execute();
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message.provider_message_id).toMatch(/^.{1,256}$/s);
      expect(['text', 'interactive', 'media', 'location', 'contacts', 'reaction', 'unsupported']).toContain(
        message.kind,
      );
      expect(typeof message.text).toBe('string');
      expect(JSON.parse(message.payload)).toBeTypeOf('object');
    }
    const contacts = await server.db.selectFrom('contacts').select('external_id').execute();
    for (const contact of contacts) expect(contact.external_id.trim()).toMatch(/^.{1,64}$/s);
    const reports = await server.db.selectFrom('delivery_statuses').selectAll().execute();
    for (const report of reports) {
      expect(['sent', 'delivered', 'read', 'failed']).toContain(report.status);
      expect(report.provider_message_id.length).toBeGreaterThan(0);
    }
    const logged = await server.db.selectFrom('webhook_log').select('status_code').execute();
    expect(logged).toHaveLength(ROUNDS);
    expect(logged.every((row) => row.status_code < 500)).toBe(true);
  });
});
