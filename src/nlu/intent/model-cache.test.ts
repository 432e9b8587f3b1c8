import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLINIC_EXAMPLES } from './__fixtures__/clinic-examples.ts';
import { loadOrTrainIntentClassifier, trainIntentClassifier } from './index.ts';
import { examplesHash } from './model-cache.ts';

let folder: string;
let cacheDir: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'orquesta-intent-cache-'));
  cacheDir = join(folder, 'models', 'nlu');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const options = () => ({ cacheDir, name: 'clinica' });
const changed = [...CLINIC_EXAMPLES, { text: 'quiero mover mi cita', intent: 'reagendar_cita' }];

describe('loadOrTrainIntentClassifier', () => {
  it('trains the first time and caches the model as <cacheDir>/<name>-<hash>.json, creating the folders', () => {
    const first = loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    expect(first.trained).toBe(true);
    expect(first.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(readdirSync(cacheDir)).toEqual([`clinica-${first.hash}.json`]);
    const saved: unknown = JSON.parse(readFileSync(join(cacheDir, `clinica-${first.hash}.json`), 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(trainIntentClassifier(CLINIC_EXAMPLES).toJSON())));
  });

  it('reads the cached model while the examples stay the same, in any order', () => {
    const first = loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    const second = loadOrTrainIntentClassifier([...CLINIC_EXAMPLES].reverse(), options());
    expect(second).toMatchObject({ trained: false, hash: first.hash });
    expect(second.classifier.rank('quiero agendar una cita')).toEqual(
      first.classifier.rank('quiero agendar una cita'),
    );
  });

  it('trains again when the examples change, and removes the outdated model', () => {
    const first = loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    const second = loadOrTrainIntentClassifier(changed, options());
    expect(second.trained).toBe(true);
    expect(second.hash).not.toBe(first.hash);
    expect(second.classifier.rank('quiero mover mi cita')[0]!.name).toBe('reagendar_cita');
    expect(readdirSync(cacheDir)).toEqual([`clinica-${second.hash}.json`]);
    expect(loadOrTrainIntentClassifier(changed, options()).trained).toBe(false);
  });

  it('keeps the models of other names', () => {
    loadOrTrainIntentClassifier(CLINIC_EXAMPLES, { cacheDir, name: 'clinica-norte' });
    loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    loadOrTrainIntentClassifier(changed, options());
    expect(readdirSync(cacheDir).filter((file) => file.startsWith('clinica-norte-'))).toHaveLength(1);
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length / 2)],
    ['not JSON', () => 'not json at all'],
    ['empty', () => ''],
    ['a model of another kind', () => JSON.stringify({ format: 'orquesta-intent-model', version: 0 })],
  ])('trains again over a cached file that is %s, without failing', (_what, damage) => {
    const { hash } = loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    const file = join(cacheDir, `clinica-${hash}.json`);
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    const again = loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    expect(again.trained).toBe(true);
    expect(again.classifier.rank('quiero agendar una cita')[0]!.name).toBe('agendar_cita');
    expect(loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options()).trained).toBe(false);
  });

  it('leaves no temporary file behind', () => {
    loadOrTrainIntentClassifier(CLINIC_EXAMPLES, options());
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a name that is not a plain file name', () => {
    for (const name of ['../escape', 'a/b', '', '.hidden']) {
      expect(() => loadOrTrainIntentClassifier(CLINIC_EXAMPLES, { cacheDir, name })).toThrow(/cannot name/);
    }
    expect(existsSync(cacheDir)).toBe(false);
  });
});

describe('examplesHash', () => {
  it('depends on the examples, not on their order', () => {
    expect(examplesHash([...CLINIC_EXAMPLES].reverse())).toBe(examplesHash(CLINIC_EXAMPLES));
    expect(examplesHash(changed)).not.toBe(examplesHash(CLINIC_EXAMPLES));
    expect(examplesHash([{ text: 'a', intent: 'b' }])).not.toBe(examplesHash([{ text: 'b', intent: 'a' }]));
  });
});
