/**
 * Robustness of the WhatsApp Cloud API webhook: 1,000 correctly signed but mutated or truncated payloads
 * (a fixed seed, so a failure replays) through the real server. Every answer is 2xx or 4xx, the process
 * stays healthy, and nothing invalid is stored.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeProvider } from '../support/fake-provider.ts';
import { DIALECTS } from '../support/databases.ts';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  CLINICA_NUMBER,
  FIXTURES,
  fixtureText,
  postWebhook,
  startFakeGraphApi,
  whatsappConnection,
} from './whatsapp-cloud-support.ts';

const SEED = 0x5eed_2026;
const CASES = 1000;
const KINDS = new Set(['text', 'interactive', 'media', 'location', 'contacts', 'reaction', 'unsupported']);
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** mulberry32: a tiny seeded PRNG, so the same cases run every time. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function createMutator(random: () => number) {
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

  const ODD_VALUES: Json[] = [
    null,
    0,
    -1,
    1e308,
    true,
    '',
    ' ',
    '\u0000',
    'x'.repeat(5000),
    '😮\ud800',
    [],
    {},
    [null],
    { id: 'wamid.injected' },
    '1697043223',
    'wamid.xyzxyz',
  ];
  const TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts'];
  const MORE_TYPES = [
    ...TYPES,
    'interactive',
    'button',
    'reaction',
    'order',
    'system',
    'unsupported',
    'ephemeral',
  ];

  /** Every container (object or array) in the tree, with the keys it holds. */
  function containers(value: Json, found: { holder: Json[] | { [key: string]: Json } }[] = []) {
    if (Array.isArray(value)) {
      found.push({ holder: value });
      value.forEach((item) => containers(item, found));
    } else if (value !== null && typeof value === 'object') {
      found.push({ holder: value });
      Object.values(value).forEach((item) => containers(item, found));
    }
    return found;
  }

  function mutateTree(tree: Json): void {
    const all = containers(tree);
    if (all.length === 0) return;
    const { holder } = pick(all);
    const keys = Array.isArray(holder) ? holder.map((_, index) => index) : Object.keys(holder);
    if (keys.length === 0) return;
    const key = pick(keys as (string | number)[]);
    const slot = holder as Record<string | number, Json>;
    switch (int(6)) {
      case 0: // drop the key
        if (Array.isArray(holder)) holder.splice(key as number, 1);
        else delete slot[key];
        break;
      case 1: // change its type
        slot[key] = structuredClone(pick(ODD_VALUES));
        break;
      case 2: // change a message's type, keeping the body of another
        if (!Array.isArray(holder) && 'type' in holder) holder.type = pick(MORE_TYPES);
        else slot[key] = pick(MORE_TYPES);
        break;
      case 3: // duplicate an array item (two messages, one wamid)
        if (Array.isArray(holder)) holder.push(structuredClone(holder[key as number]!));
        else slot[`${String(key)}_copy`] = structuredClone(slot[key]!);
        break;
      case 4: // a number becomes a string and back
        slot[key] = typeof slot[key] === 'number' ? String(slot[key]) : Number(slot[key]);
        break;
      default: // nest it one level deeper
        slot[key] = [structuredClone(slot[key]!)];
    }
  }

  function mutateBytes(bytes: Buffer): Buffer {
    const at = int(bytes.length + 1);
    switch (int(4)) {
      case 0: {
        const copy = Buffer.from(bytes);
        if (copy.length > 0) copy[Math.min(at, copy.length - 1)]! ^= 1 << int(8);
        return copy;
      }
      case 1:
        return Buffer.concat([
          bytes.subarray(0, at),
          bytes.subarray(Math.min(bytes.length, at + 1 + int(16))),
        ]);
      case 2: {
        const inserted = Buffer.from(
          pick(['"', '{', '}', '[', ',', '\\', '\\u0000', 'é', '😮', ':null', '\u0000']),
        );
        return Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]);
      }
      default:
        return bytes.subarray(0, at);
    }
  }

  return function mutate(seed: Json): Buffer {
    const tree = structuredClone(seed);
    const structural = 1 + int(3);
    for (let step = 0; step < structural; step++) mutateTree(tree);
    let bytes: Buffer = Buffer.from(JSON.stringify(tree), 'utf8');
    // A third of the cases are also damaged at the byte level (mostly no longer JSON).
    if (random() < 0.33) bytes = mutateBytes(bytes);
    return bytes;
  };
}

/** The recorded webhook payloads, re-addressed to the test connection's number so their events are stored. */
function seeds(): Json[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .map((name) => fixtureText(name))
    .filter((text) => text.includes('"whatsapp_business_account"'))
    .map((text) =>
      JSON.parse(text.replaceAll(/"phone_number_id":\s*"\d+"/g, `"phone_number_id": "${CLINICA_NUMBER}"`)),
    );
}

/** The payload with its message and status ids made unique to the case, so that each can be stored. */
function withFreshIds(seed: Json, index: number): Json {
  return JSON.parse(
    JSON.stringify(seed).replaceAll(/"id":"(wamid\.[^"]*|ABGGFlA5Fpa)"/g, `"id":"wamid.FUZZ-${index}-$1"`),
  );
}

describe.each(DIALECTS)('WhatsApp Cloud API webhook fuzzing on %s', (dialect) => {
  let fake: FakeProvider | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  it(`answers ${CASES} mutated, signed payloads with 2xx or 4xx and stores nothing invalid`, async () => {
    fake = await startFakeGraphApi();
    server = await startTestServer({
      dialect,
      // Only the webhook is under test here: turns for what was stored run in whatsapp-cloud.test.ts.
      start: false,
      pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } },
      config: testConfig([{ id: 'clinica', connections: [whatsappConnection(fake, CLINICA_NUMBER)] }]),
    });
    const random = mulberry32(SEED);
    const mutate = createMutator(random);
    const payloads = seeds();
    expect(payloads.length).toBeGreaterThan(20);

    const answers = new Map<number, number>();
    const unexpected: { index: number; status: number; body: string; answer: string }[] = [];
    for (let index = 0; index < CASES; index++) {
      const body = mutate(withFreshIds(payloads[Math.floor(random() * payloads.length)]!, index));
      const response = await postWebhook(server, 'clinica', body);
      answers.set(response.statusCode, (answers.get(response.statusCode) ?? 0) + 1);
      const ok =
        (response.statusCode >= 200 && response.statusCode < 300) ||
        (response.statusCode >= 400 && response.statusCode < 500);
      if (!ok)
        unexpected.push({
          index,
          status: response.statusCode,
          body: body.toString('utf8').slice(0, 500),
          answer: response.body,
        });
    }
    expect(unexpected).toEqual([]);
    // Both paths were exercised: payloads stored and payloads refused.
    expect(answers.get(200) ?? 0).toBeGreaterThan(200);
    expect(answers.get(400) ?? 0).toBeGreaterThan(200);

    const health = await server.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);

    // The sender of an inbound message is its contact's address on the channel.
    const stored = await server.db
      .selectFrom('messages')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select([
        'contacts.external_id',
        'messages.provider_message_id',
        'messages.kind',
        'messages.text',
        'messages.payload',
      ])
      .where('messages.direction', '=', 'in')
      .execute();
    expect(stored.length).toBeGreaterThan(150);
    const invalid = stored.filter(
      (message) =>
        message.external_id.trim() === '' ||
        !message.provider_message_id?.trim() ||
        !KINDS.has(message.kind) ||
        typeof message.text !== 'string' ||
        typeof JSON.parse(message.payload) !== 'object',
    );
    expect(invalid).toEqual([]);
    const statuses = await server.db
      .selectFrom('delivery_statuses')
      .select(['provider_message_id', 'status'])
      .execute();
    expect(
      statuses.filter((row) => row.provider_message_id.trim() === '' || !STATUSES.has(row.status)),
    ).toEqual([]);
  });
});
