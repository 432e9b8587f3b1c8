/**
 * `POST /api/v1/tenants/{tenant}/nlu/parse`, and the understanding the turn record keeps: the same
 * model, the same shape, the turn's clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const CLINICA_TOKEN = 'clinica-token-0123456789';
const AUTOS_TOKEN = 'autos-token-0123456789ab';
/** 09:00 on Monday 23 November 2026 in Bogotá. */
const MONDAY = '2026-11-23T09:00:00-05:00';
const BOOKING = 'quiero una cita mañana a las 3 de la tarde';
const URL = '/api/v1/tenants/clinica/nlu/parse';

const config = () =>
  testConfig([
    { id: 'clinica', apiToken: CLINICA_TOKEN, business: { data: 'clinica/negocio.yaml' } },
    {
      id: 'autos',
      apiToken: AUTOS_TOKEN,
      timezone: 'America/Mexico_City',
      nlu: { provider: 'embedded', data: 'autos/nlu.yml', threshold: 0.6, timeoutMs: 2000 },
      business: { catalog: 'autos/catalogo.csv' },
    },
  ]);

let modelDir: string;
const previousModelDir = process.env.ORQUESTA_MODEL_DIR;
beforeAll(() => {
  modelDir = mkdtempSync(join(tmpdir(), 'orquesta-models-'));
  process.env.ORQUESTA_MODEL_DIR = modelDir;
});
afterAll(() => {
  if (previousModelDir === undefined) delete process.env.ORQUESTA_MODEL_DIR;
  else process.env.ORQUESTA_MODEL_DIR = previousModelDir;
  rmSync(modelDir, { recursive: true, force: true });
});

describe.each(DIALECTS)('the NLU parse endpoint on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("answers in the shape of Rasa's /model/parse, with times resolved against the given clock", async () => {
    server = await startTestServer({ dialect, config: config() });
    const response = await server.request('POST', URL, { text: BOOKING, now: MONDAY });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      text: BOOKING,
      intent: { name: 'agendar_cita', confidence: expect.any(Number) },
      intent_ranking: expect.any(Array),
      entities: expect.arrayContaining([
        expect.objectContaining({
          entity: 'time',
          start: expect.any(Number),
          end: expect.any(Number),
          value: '2026-11-24T15:00:00.000-05:00',
          extractor: expect.any(String),
        }),
      ]),
    });
    expect(body.intent.confidence).toBeGreaterThanOrEqual(0.6);
    expect(body.intent_ranking[0]).toEqual(body.intent);
    expect(body.intent_ranking.length).toBeLessThanOrEqual(10);
    for (const score of body.intent_ranking)
      expect(Object.keys(score).sort()).toEqual(['confidence', 'name']);
    const time = body.entities.find((entity: { entity: string }) => entity.entity === 'time');
    expect(BOOKING.slice(time.start, time.end)).toMatch(/mañana/);
  });

  it("resolves times against the server's clock when no `now` is given, in the tenant's timezone", async () => {
    server = await startTestServer({
      dialect,
      config: config(),
      clock: createManualClock('2026-11-23T15:00:00.000Z'),
    });
    const response = await server.request('POST', URL, { text: 'mañana a las 10 am' });
    expect(response.json().entities).toContainEqual(
      expect.objectContaining({ entity: 'time', value: '2026-11-24T10:00:00.000-05:00' }),
    );
  });

  it("uses each tenant's own model and lookups", async () => {
    server = await startTestServer({ dialect, config: config() });
    const autos = await server.request('POST', '/api/v1/tenants/autos/nlu/parse', {
      text: 'busco un nisan versa',
    });
    expect(autos.json()).toMatchObject({ intent: { name: 'buscar_auto' } });
    expect(autos.json().entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'make', value: 'Nissan' }),
        expect.objectContaining({ entity: 'model', value: 'Versa' }),
      ]),
    );
    const clinica = await server.request('POST', URL, { text: 'cita de laser con la dra laura' });
    expect(clinica.json().entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'service', value: 'depilacion-laser' }),
        expect.objectContaining({ entity: 'professional', value: 'laura' }),
      ]),
    );
  });

  it("gives a null intent below the tenant's threshold and keeps the ranking", async () => {
    server = await startTestServer({ dialect, config: config() });
    const body = (await server.request('POST', URL, { text: 'xyzzy plugh' })).json();
    expect(body.intent.name).toBeNull();
    expect(body.intent.confidence).toBeLessThan(0.6);
    expect(body.intent_ranking[0].confidence).toBe(body.intent.confidence);
  });

  it("admits the admin and the tenant's own token only", async () => {
    server = await startTestServer({ dialect, config: config() });
    const body = { text: 'hola' };
    expect((await server.request('POST', URL, body, CLINICA_TOKEN)).statusCode).toBe(200);
    expect((await server.request('POST', URL, body, AUTOS_TOKEN)).statusCode).toBe(403);
    const anonymous = await server.app.inject({ method: 'POST', url: URL, payload: body });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await server.request('POST', '/api/v1/tenants/nadie/nlu/parse', body);
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a body without text or with a `now` that is not a date-time with offset', async () => {
    server = await startTestServer({ dialect, config: config() });
    for (const payload of [
      {},
      { text: '' },
      { text: 'hola', now: 'mañana' },
      { text: 'hola', now: '2026-11-23T09:00:00' },
    ]) {
      const response = await server.request('POST', URL, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
  });

  it('is described in the OpenAPI document with its request and response', async () => {
    server = await startTestServer({ dialect, config: config() });
    const document = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = document.paths['/api/v1/tenants/{tenant}/nlu/parse']?.post;
    expect(operation).toBeDefined();
    expect(Object.keys(operation.requestBody.content['application/json'].schema.properties).sort()).toEqual([
      'now',
      'text',
    ]);
    expect(
      Object.keys(operation.responses['200'].content['application/json'].schema.properties).sort(),
    ).toEqual(['entities', 'intent', 'intent_ranking', 'text']);
  });

  it("stores the same understanding in the turn: the test endpoint's intent and entities come from it", async () => {
    server = await startTestServer({ dialect, config: config() });
    const parsed = (await server.request('POST', URL, { text: BOOKING, now: MONDAY })).json();
    const response = await server.send('clinica', { from: '573001112233', text: BOOKING, now: MONDAY });
    expect(response.statusCode).toBe(200);
    const { turn } = response.json();
    expect(turn.intent).toBe('agendar_cita');
    expect(turn.confidence).toBe(parsed.intent.confidence);
    expect(turn.entities).toEqual(parsed.entities);
    expect(turn.entities).toContainEqual(
      expect.objectContaining({ entity: 'time', value: '2026-11-24T15:00:00.000-05:00' }),
    );
  });
});
