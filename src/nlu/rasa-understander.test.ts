import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.ts';
import type { ParseResult, Understander } from './parse-result.ts';
import { createRasaUnderstander, type RasaUnderstanderOptions } from './rasa-understander.ts';

const TEXT = 'quiero una cita de laser mañana a las 3';
const OPTIONS = { now: new Date('2026-11-23T14:00:00.000Z'), timezone: 'America/Bogota' };

/** What the embedded model answers: its own intent, a `time` entity and a `service` entity. */
const EMBEDDED: ParseResult = {
  text: TEXT,
  intent: { name: 'agendar_cita', confidence: 0.91 },
  intent_ranking: [{ name: 'agendar_cita', confidence: 0.91 }],
  entities: [
    { entity: 'service', start: 19, end: 24, value: 'depilacion-laser', extractor: 'lookup' },
    {
      entity: 'time',
      start: 25,
      end: 39,
      value: '2026-11-24T15:00:00.000-05:00',
      grain: 'hour',
      extractor: 'orquesta',
    },
  ],
};
const fallback: Understander = { parse: async (text) => ({ ...EMBEDDED, text }) };

/** An answer in the format of Rasa's documentation, with the extra fields Rasa 3 adds. */
function rasaAnswer(confidence = 0.87) {
  return {
    text: TEXT,
    intent: { name: 'agendar_cita', confidence, id: -4528146412563416000 },
    entities: [
      {
        entity: 'service',
        start: 19,
        end: 24,
        confidence_entity: 0.99,
        value: 'laser',
        extractor: 'DIETClassifier',
        processors: ['EntitySynonymMapper'],
      },
    ],
    text_tokens: [
      [0, 6],
      [7, 10],
    ],
    intent_ranking: [
      { name: 'agendar_cita', confidence, id: -4528146412563416000 },
      { name: 'consultar_horarios', confidence: 1 - confidence, id: 1 },
    ],
    response_selector: { all_retrieval_intents: [], default: { response: {}, ranking: [] } },
  };
}

interface Received {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let server: Server;
let baseUrl: string;
let handle: (request: IncomingMessage, response: ServerResponse) => void;
const received: Received[] = [];
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        contentType: request.headers['content-type'],
        body: JSON.parse(body),
      });
      handle(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of held) response.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  handle = (_request, response) => json(response, 200, rasaAnswer());
});

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function rasa(overrides: Partial<RasaUnderstanderOptions> = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  });
  const understander = createRasaUnderstander({
    tenantId: 'clinica',
    url: baseUrl,
    timeoutMs: 2000,
    threshold: 0.6,
    fallback,
    logger,
    ...overrides,
  });
  return { understander, lines };
}

describe('createRasaUnderstander', () => {
  it('posts {text} to /model/parse and answers in the same shape, with only name and confidence in the ranking', async () => {
    const { understander, lines } = rasa();
    const result = await understander.parse(TEXT, OPTIONS);
    expect(received).toEqual([
      { method: 'POST', url: '/model/parse', contentType: 'application/json', body: { text: TEXT } },
    ]);
    expect(result).toEqual({
      text: TEXT,
      intent: { name: 'agendar_cita', confidence: 0.87 },
      intent_ranking: [
        { name: 'agendar_cita', confidence: 0.87 },
        { name: 'consultar_horarios', confidence: 1 - 0.87 },
      ],
      entities: [
        {
          entity: 'service',
          start: 19,
          end: 24,
          confidence_entity: 0.99,
          value: 'laser',
          extractor: 'DIETClassifier',
          processors: ['EntitySynonymMapper'],
        },
        EMBEDDED.entities[1],
      ],
    });
    expect(lines).toEqual([]);
  });

  it("keeps Rasa's entities and adds the embedded extractors' only for entity names Rasa did not return", async () => {
    handle = (_request, response) =>
      json(response, 200, {
        ...rasaAnswer(),
        entities: [{ entity: 'time', start: 25, end: 39, value: '2020-01-01T15:00:00.000+00:00' }],
      });
    const { entities } = await rasa().understander.parse(TEXT, OPTIONS);
    expect(entities).toEqual([
      EMBEDDED.entities[0],
      { entity: 'time', start: 25, end: 39, value: '2020-01-01T15:00:00.000+00:00', extractor: 'rasa' },
    ]);
  });

  it("applies the tenant's threshold to Rasa's confidence, keeping the ranking", async () => {
    handle = (_request, response) => json(response, 200, rasaAnswer(0.55));
    const result = await rasa().understander.parse(TEXT, OPTIONS);
    expect(result.intent).toEqual({ name: null, confidence: 0.55 });
    expect(result.intent_ranking[0]).toEqual({ name: 'agendar_cita', confidence: 0.55 });
    expect((await rasa({ threshold: 0.5 }).understander.parse(TEXT, OPTIONS)).intent.name).toBe(
      'agendar_cita',
    );
  });

  it('accepts the minimal documented answer: a null intent, no ranking', async () => {
    handle = (_request, response) =>
      json(response, 200, { text: TEXT, intent: { name: null, confidence: 0 }, entities: [] });
    const result = await rasa().understander.parse(TEXT, OPTIONS);
    expect(result.intent).toEqual({ name: null, confidence: 0 });
    expect(result.intent_ranking).toEqual([]);
    expect(result.entities).toEqual(EMBEDDED.entities);

    handle = (_request, response) =>
      json(response, 200, { text: TEXT, intent: { name: 'saludo', confidence: 0.9 }, entities: [] });
    expect((await rasa().understander.parse(TEXT, OPTIONS)).intent_ranking).toEqual([
      { name: 'saludo', confidence: 0.9 },
    ]);
  });

  it('keeps a path and a query (an auth token) of the configured URL', async () => {
    await rasa({ url: `${baseUrl}/rasa/?token=s3cret` }).understander.parse('hola', OPTIONS);
    expect(received[0]?.url).toBe('/rasa/model/parse?token=s3cret');
  });

  it('falls back to the embedded model when Rasa is down, and says so without the message or the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const { understander, lines } = rasa({ url: `http://127.0.0.1:${port}?token=s3cret` });
    expect(await understander.parse(TEXT, OPTIONS)).toEqual(EMBEDDED);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        tenant: 'clinica',
        rasa: `http://127.0.0.1:${port}/model/parse`,
        reason: expect.stringMatching(/^unreachable \(ECONNREFUSED\)$/),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/cita|s3cret/);
  });

  it('falls back when Rasa does not answer within the timeout', async () => {
    handle = (_request, response) => held.push(response);
    const { understander, lines } = rasa({ timeoutMs: 100 });
    expect(await understander.parse(TEXT, OPTIONS)).toEqual(EMBEDDED);
    expect(lines).toEqual([expect.objectContaining({ reason: 'no answer within 100 ms' })]);
  });

  it('falls back when Rasa answers an error or something that is not a parse result', async () => {
    const answers: [number, unknown, RegExp][] = [
      [500, { error: 'boom' }, /^answered HTTP 500$/],
      [200, `echo: ${TEXT}`, /^the answer is not JSON$/],
      [200, { text: TEXT, intent: 'agendar_cita', entities: [] }, /^the answer is not a parse result: /],
      [200, { text: TEXT, intent: { name: 'x', confidence: 7 }, entities: [] }, /not a parse result/],
      [200, { text: TEXT, intent: { name: 'x', confidence: 0.9 } }, /not a parse result/],
      [200, { ...rasaAnswer(), entities: [{ entity: 'x', value: 1 }] }, /not a parse result/],
      [200, [], /not a parse result/],
    ];
    for (const [status, body, reason] of answers) {
      handle = (_request, response) => json(response, status, body);
      const { understander, lines } = rasa();
      expect(await understander.parse(TEXT, OPTIONS)).toEqual(EMBEDDED);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.reason).toMatch(reason);
      expect(lines[0]?.msg).toBe(
        'the Rasa server did not understand this message: the embedded model answered instead',
      );
      expect(JSON.stringify(lines)).not.toContain('cita');
    }
  });
});
