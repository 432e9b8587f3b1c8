/**
 * Persistence of trained models: a model is cached as `<cacheDir>/<name>-<hash>.json`, where the hash is
 * that of its examples, and is trained again only when the examples change.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrquestaError } from '../../core/errors.ts';
import type { TrainingExample } from '../training-data.ts';
import type { IntentClassifier } from './index.ts';
import { decodeIntentModel } from './model-file.ts';
import { MODEL_VERSION } from './model.ts';
import { compareExamples, trainIntentModel } from './train.ts';

export interface ModelCacheOptions {
  cacheDir: string;
  /** Names the model's files, usually the tenant id: letters, digits, ".", "_" and "-". */
  name: string;
}

export interface CachedClassifier {
  classifier: IntentClassifier;
  /** Whether the model was trained now (false: read from the cache). */
  trained: boolean;
  hash: string;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The content hash of the examples: the same for the same examples in any order, different when an
 * example or the model version changes. 16 hex digits of SHA-256.
 */
export function examplesHash(examples: readonly TrainingExample[]): string {
  const sorted = [...examples].sort(compareExamples).map((example) => [example.intent, example.text]);
  return createHash('sha256')
    .update(JSON.stringify({ version: MODEL_VERSION, examples: sorted }))
    .digest('hex')
    .slice(0, 16);
}

export function loadOrTrainIntentClassifier(
  examples: TrainingExample[],
  options: ModelCacheOptions,
): CachedClassifier {
  if (!SAFE_NAME.test(options.name)) {
    throw new OrquestaError(
      'invalid_config',
      `"${options.name}" cannot name an intent model file — use letters, digits, ".", "_" and "-"`,
    );
  }
  const hash = examplesHash(examples);
  const file = join(options.cacheDir, `${options.name}-${hash}.json`);
  const cached = readModel(file);
  if (cached) return { classifier: cached, trained: false, hash };
  const model = trainIntentModel(examples);
  mkdirSync(options.cacheDir, { recursive: true });
  writeAtomically(file, JSON.stringify(model.toJSON()));
  removeOtherVersions(options.cacheDir, options.name, file);
  return { classifier: model, trained: true, hash };
}

/** The cached model, or undefined when there is none or it cannot be read (it is then trained again). */
function readModel(file: string): IntentClassifier | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return decodeIntentModel(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Writes a temporary file beside the target and renames it, so a reader never sees half a model. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new OrquestaError(
      'internal',
      `cannot write the intent model ${file}: ${(error as Error).message} — check that its folder is writable`,
      { cause: error },
    );
  }
}

/** Models of the same name trained on older examples are of no further use. */
function removeOtherVersions(folder: string, name: string, keep: string): void {
  const pattern = new RegExp(`^${name.replace(/[.]/g, '\\.')}-[0-9a-f]{16}\\.json$`);
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (pattern.test(entry) && path !== keep) rmSync(path, { force: true });
  }
}
