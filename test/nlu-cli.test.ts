/** `orquesta nlu train` and `orquesta nlu parse`, as a user runs them. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from './support/test-config.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const modelDir = mkdtempSync(join(tmpdir(), 'orquesta-cli-models-'));
afterAll(() => rmSync(modelDir, { recursive: true, force: true }));

async function orquesta(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ORQUESTA_')),
  );
  const child = spawn(process.execPath, ['bin/orquesta.js', ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ORQUESTA_MODEL_DIR: modelDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}

describe('orquesta nlu', () => {
  it('train trains a tenant once, then reports it up to date with the same model hash', async () => {
    const first = await orquesta('nlu', 'train', '--tenant', 'isp', '--config', DEMO_CONFIG);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const trained = first.stdout.match(
      /^isp: trained in \d+ ms — 7 intents, (\d+) examples, model ([0-9a-f]+)$/m,
    );
    expect(trained, first.stdout).not.toBeNull();
    expect(Number(trained?.[1])).toBeGreaterThan(7 * 24);
    expect(first.stdout).toContain(`models are kept in ${modelDir}`);

    const second = await orquesta('nlu', 'train', '--tenant', 'isp', '--config', DEMO_CONFIG);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      new RegExp(`^isp: up to date — 7 intents, ${trained?.[1]} examples, model ${trained?.[2]}$`, 'm'),
    );
  });

  it('train without --tenant trains every tenant of the configuration', async () => {
    const { code, stdout } = await orquesta('nlu', 'train', '--config', DEMO_CONFIG);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^clinica: .* 15 intents/m);
    expect(stdout).toMatch(/^autos: .* 8 intents/m);
    expect(stdout).toMatch(/^isp: up to date — 7 intents/m);
  });

  it("parse prints Rasa's /model/parse shape as JSON, with times resolved against --now", async () => {
    const { code, stdout, stderr } = await orquesta(
      'nlu',
      'parse',
      '--tenant',
      'clinica',
      '--config',
      DEMO_CONFIG,
      '--now',
      '2026-11-23T09:00:00-05:00',
      'quiero una cita de laser mañana a las 3 de la tarde',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      text: 'quiero una cita de laser mañana a las 3 de la tarde',
      intent: { name: 'agendar_cita' },
    });
    expect(result.intent_ranking.length).toBeGreaterThan(1);
    expect(result.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'service', value: 'depilacion-laser' }),
        expect.objectContaining({ entity: 'time', value: '2026-11-24T15:00:00.000-05:00' }),
      ]),
    );
  });

  it('says what is wrong with an unknown tenant or a bad --now, and exits 1', async () => {
    const unknown = await orquesta('nlu', 'parse', '--tenant', 'nadie', '--config', DEMO_CONFIG, 'hola');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^orquesta: tenant "nadie" is not in .*orquesta\.yaml — use one of: clinica, autos, isp\n$/,
    );
    const badNow = await orquesta('nlu', 'parse', '--tenant', 'isp', '--now', 'ayer', 'hola');
    expect(badNow.code).toBe(1);
    expect(badNow.stderr).toMatch(/--now "ayer" is not a date-time/);
    const missing = await orquesta('nlu', 'parse', 'hola');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--tenant/);
  });
});
