import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { testTenant } from '../../test/support/test-config.ts';
import { createLogger } from '../observability/logger.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import {
  applyThreshold,
  createEmbeddedUnderstander,
  createTenantUnderstander,
  defaultModelDir,
  tenantUnderstander,
} from './create-understander.ts';
import type { EntityExtractor } from './entities/index.ts';
import type { IntentClassifier } from './intent/index.ts';

const DEMO = resolve(import.meta.dirname, '../../examples/demo');
const folder = mkdtempSync(join(tmpdir(), 'orquesta-understander-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** 09:00 on Monday 23 November 2026 in Bogotá. */
const MONDAY = { now: new Date('2026-11-23T09:00:00-05:00'), timezone: 'America/Bogota' };

function demoTenant(id: 'clinica' | 'autos' | 'isp', overrides: Partial<TenantConfig> = {}): TenantConfig {
  const business = {
    clinica: { data: 'clinica/negocio.yaml' },
    autos: { catalog: 'autos/catalogo.csv' },
    isp: {},
  }[id];
  return testTenant({
    id,
    nlu: { provider: 'embedded', data: `${id}/nlu.yml`, threshold: 0.6, timeoutMs: 2000 },
    business,
    ...overrides,
  });
}

function demo(id: 'clinica' | 'autos' | 'isp', overrides: Partial<TenantConfig> = {}) {
  return createTenantUnderstander(demoTenant(id, overrides), {
    baseDir: DEMO,
    modelDir: join(folder, 'demo-models'),
  });
}

describe('createEmbeddedUnderstander', () => {
  const ranking = Array.from({ length: 12 }, (_, index) => ({
    name: `i${index}`,
    confidence: index === 0 ? 0.7 : 0.3 / 11,
  }));
  const classifier: IntentClassifier = { rank: () => ranking };
  const calls: unknown[] = [];
  const extractor: EntityExtractor = {
    extract(text, context) {
      calls.push({ text, context });
      return [{ entity: 'number', start: 0, end: 1, value: 3, extractor: 'test' }];
    },
  };

  it("answers in Rasa's shape: the best intent, at most ten in the ranking, and the extractor's entities", async () => {
    const result = await createEmbeddedUnderstander({ classifier, extractor, threshold: 0.6 }).parse(
      '3 citas',
      MONDAY,
    );
    expect(result).toEqual({
      text: '3 citas',
      intent: { name: 'i0', confidence: 0.7 },
      intent_ranking: ranking.slice(0, 10),
      entities: [{ entity: 'number', start: 0, end: 1, value: 3, extractor: 'test' }],
    });
    expect(calls).toEqual([{ text: '3 citas', context: MONDAY }]);
  });

  it('gives a null intent below the threshold, keeping its confidence and the ranking', async () => {
    const result = await createEmbeddedUnderstander({ classifier, extractor, threshold: 0.75 }).parse(
      'x',
      MONDAY,
    );
    expect(result.intent).toEqual({ name: null, confidence: 0.7 });
    expect(result.intent_ranking).toHaveLength(10);
  });
});

describe('applyThreshold', () => {
  it('keeps an intent at or above the threshold and names none below it or without any', () => {
    expect(applyThreshold({ name: 'a', confidence: 0.6 }, 0.6)).toEqual({ name: 'a', confidence: 0.6 });
    expect(applyThreshold({ name: 'a', confidence: 0.59 }, 0.6)).toEqual({ name: null, confidence: 0.59 });
    expect(applyThreshold(undefined, 0.6)).toEqual({ name: null, confidence: 0 });
  });
});

describe('defaultModelDir', () => {
  it('is ORQUESTA_MODEL_DIR, or ./data/models', () => {
    expect(defaultModelDir({ ORQUESTA_MODEL_DIR: '/var/lib/orquesta/models' })).toBe(
      '/var/lib/orquesta/models',
    );
    expect(defaultModelDir({})).toBe('./data/models');
    expect(defaultModelDir({ ORQUESTA_MODEL_DIR: '' })).toBe('./data/models');
  });
});

describe('createTenantUnderstander', () => {
  it('trains once, loads the cached model while the examples stay the same, and retrains when they change', () => {
    const base = mkdtempSync(join(folder, 'retrain-'));
    const modelDir = join(base, 'models');
    const data = join(base, 'nlu.yml');
    const write = (extra: string) =>
      writeFileSync(
        data,
        `nlu:
  - intent: saludo
    examples: |
      - hola
      - buenas tardes
  - intent: despedida
    examples: |
      - chao
      - hasta luego
${extra}`,
      );
    const tenant = testTenant({ nlu: { provider: 'embedded', data, threshold: 0.6, timeoutMs: 2000 } });
    const build = () => createTenantUnderstander(tenant, { baseDir: base, modelDir }).model;

    write('');
    const first = build();
    expect(first).toMatchObject({ trained: true, intents: ['saludo', 'despedida'], examples: 4 });
    expect(first.hash).toMatch(/^[0-9a-f]{8,}$/);
    expect(readdirSync(modelDir).length).toBeGreaterThan(0);

    const second = build();
    expect(second).toMatchObject({ trained: false, hash: first.hash, examples: 4 });

    // Synonyms and lookups feed the extractor, not the classifier: no retraining for them.
    write('  - synonym: hola\n    examples: |\n      - ola\n');
    expect(build()).toMatchObject({ trained: false, hash: first.hash });

    write('  - intent: ayuda\n    examples: |\n      - necesito ayuda\n');
    const changed = build();
    expect(changed).toMatchObject({ trained: true, intents: ['saludo', 'despedida', 'ayuda'], examples: 5 });
    expect(changed.hash).not.toBe(first.hash);
    expect(build()).toMatchObject({ trained: false, hash: changed.hash });
  });

  it('knows no intent, and trains nothing, for a tenant without training data', async () => {
    const understander = createTenantUnderstander(testTenant(), {
      baseDir: DEMO,
      modelDir: join(folder, 'none'),
    });
    expect(understander.model).toEqual({
      hash: '',
      trained: false,
      intents: [],
      examples: 0,
      loadMs: expect.any(Number),
    });
    const result = await understander.parse('hola', MONDAY);
    expect(result.intent).toEqual({ name: null, confidence: 0 });
    expect(result.intent_ranking).toEqual([]);
  });

  it("understands the demo clinic's customers: intent, a time on the turn's clock, services and professionals", async () => {
    const clinica = demo('clinica');
    expect(clinica.provider).toBe('embedded');
    expect((await clinica.parse('hola', MONDAY)).intent.name).toBe('saludo');

    const booking = await clinica.parse('quiero una cita mañana a las 3 de la tarde', MONDAY);
    expect(booking.intent.name).toBe('agendar_cita');
    expect(booking.intent.confidence).toBeGreaterThanOrEqual(0.6);
    expect(booking.entities).toContainEqual(
      expect.objectContaining({ entity: 'time', value: '2026-11-24T15:00:00.000-05:00' }),
    );

    const laser = await clinica.parse('cita de depilacion lazer con la dra laura', MONDAY);
    expect(laser.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'service', value: 'depilacion-laser' }),
        expect.objectContaining({ entity: 'professional', value: 'laura' }),
      ]),
    );
    const nonsense = await clinica.parse('xyzzy plugh', MONDAY);
    expect(nonsense.intent.name).toBeNull();
    expect(nonsense.intent_ranking.length).toBeGreaterThan(0);
  });

  it("finds the demo dealer's makes and models from its catalog, misspelt, and body types from its nlu.yml", async () => {
    const result = await demo('autos').parse('busco un nisan versa o una troca', MONDAY);
    expect(result.intent.name).toBe('buscar_auto');
    expect(result.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'make', value: 'Nissan' }),
        expect.objectContaining({ entity: 'model', value: 'Versa' }),
        expect.objectContaining({ entity: 'body_type', value: 'pickup' }),
      ]),
    );
    const jetta = await demo('autos').parse('tienen jeta 2019?', MONDAY);
    expect(jetta.entities).toContainEqual(expect.objectContaining({ entity: 'model', value: 'Jetta' }));
  });

  it("applies the tenant's threshold", async () => {
    const strict = demo('isp', {
      nlu: { provider: 'embedded', data: 'isp/nlu.yml', threshold: 1, timeoutMs: 2000 },
    });
    const result = await strict.parse('no tengo internet', MONDAY);
    expect(result.intent.name).toBeNull();
    expect(result.intent_ranking[0]?.name).toBe('reportar_falla');
  });

  it('with provider rasa asks the Rasa server, and answers with the embedded model when it is down', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const warnings: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: new Writable({
        write(chunk, _encoding, done) {
          warnings.push(String(chunk));
          done();
        },
      }),
    });
    const tenant = demoTenant('clinica', {
      nlu: {
        provider: 'rasa',
        url: `http://127.0.0.1:${port}`,
        data: 'clinica/nlu.yml',
        threshold: 0.6,
        timeoutMs: 500,
      },
    });
    const understander = createTenantUnderstander(tenant, {
      baseDir: DEMO,
      modelDir: join(folder, 'demo-models'),
      logger,
    });
    expect(understander.provider).toBe('rasa');
    expect((await understander.parse('hola', MONDAY)).intent.name).toBe('saludo');
    expect(warnings).toHaveLength(1);
  });
});

describe('tenantUnderstander', () => {
  it('builds one understander per tenant configuration and shares it', () => {
    const options = { baseDir: DEMO, modelDir: join(folder, 'demo-models') };
    const tenant = demoTenant('isp');
    const first = tenantUnderstander(tenant, options);
    expect(tenantUnderstander(tenant, options)).toBe(first);
    expect(tenantUnderstander(demoTenant('isp'), options)).not.toBe(first);
  });
});
