/**
 * A tenant's understanding step: its intent classifier (trained from its examples, cached on disk) and
 * its entity extractor (with the lookups of its training data and business files), or a Rasa server
 * backed by them.
 */
import { resolve } from 'node:path';
import { createLogger, type Logger } from '../observability/logger.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { mergeLookups, readBusinessLookups } from './business-lookups.ts';
import { createEntityExtractor, type EntityExtractor } from './entities/index.ts';
import { loadOrTrainIntentClassifier, type IntentClassifier } from './intent/index.ts';
import type { IntentScore, ParseResult, Understander } from './parse-result.ts';
import { createRasaUnderstander } from './rasa-understander.ts';
import { readTrainingData, type TrainingData } from './training-data.ts';

/** Rasa lists at most this many intents in `intent_ranking`; so do we. */
const RANKING_SIZE = 10;

export const DEFAULT_MODEL_DIR = './data/models';

/** Where trained models are kept: `ORQUESTA_MODEL_DIR`, or `./data/models`. */
export function defaultModelDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORQUESTA_MODEL_DIR || DEFAULT_MODEL_DIR;
}

export interface EmbeddedUnderstanderOptions {
  classifier: IntentClassifier;
  extractor: EntityExtractor;
  /** Below this confidence the intent's name is null; the ranking is kept. */
  threshold: number;
}

/** Composes a classifier and an extractor into Rasa's `/model/parse` result. */
export function createEmbeddedUnderstander(options: EmbeddedUnderstanderOptions): Understander {
  const { classifier, extractor, threshold } = options;
  return {
    async parse(text, { now, timezone }): Promise<ParseResult> {
      const ranking = classifier.rank(text).slice(0, RANKING_SIZE);
      return {
        text,
        intent: applyThreshold(ranking[0], threshold),
        intent_ranking: ranking,
        entities: extractor.extract(text, { now, timezone }),
      };
    },
  };
}

/** The intent of a parse result: the best one when it reaches the threshold, else a null name with its confidence. */
export function applyThreshold(best: IntentScore | undefined, threshold: number): ParseResult['intent'] {
  if (best && best.confidence >= threshold) return { name: best.name, confidence: best.confidence };
  return { name: null, confidence: best?.confidence ?? 0 };
}

export interface TenantUnderstanderOptions {
  /** The configuration file's folder; `nlu.data` and the business files are relative to it. */
  baseDir: string;
  /** Where trained models are kept (see `defaultModelDir`). */
  modelDir?: string;
  /** Where a Rasa tenant's fallbacks are reported; warnings on standard error by default. */
  logger?: Logger;
  /** For a Rasa tenant: the fetch used to reach it (the global one by default). */
  fetch?: typeof fetch;
}

/** What a tenant's embedded model was built from, for `orquesta nlu train`. */
export interface ModelInfo {
  /** Content hash of the training examples; the cached model's name. */
  hash: string;
  /** Whether this call trained the model (false: it was loaded from the cache, or there is nothing to train). */
  trained: boolean;
  intents: string[];
  examples: number;
  /** Time spent loading or training, in milliseconds. */
  loadMs: number;
}

export interface TenantUnderstander extends Understander {
  readonly provider: 'embedded' | 'rasa';
  readonly model: ModelInfo;
}

/**
 * Builds a tenant's understander from its configuration. The embedded model is trained when its
 * examples changed since the cached one, and loaded otherwise. With `nlu.provider: rasa` the Rasa
 * server answers and the embedded model stands in when it cannot.
 */
export function createTenantUnderstander(
  tenant: TenantConfig,
  options: TenantUnderstanderOptions,
): TenantUnderstander {
  const data: TrainingData = tenant.nlu.data
    ? readTrainingData(resolve(options.baseDir, tenant.nlu.data))
    : { examples: [], synonyms: {}, regexes: [], lookups: {} };
  const lookups = mergeLookups(data, readBusinessLookups(tenant, options.baseDir));
  const extractor = createEntityExtractor({ lookups, regexes: data.regexes, synonyms: data.synonyms });

  const started = performance.now();
  const { classifier, trained, hash } =
    data.examples.length > 0
      ? loadOrTrainIntentClassifier(data.examples, {
          cacheDir: resolve(options.modelDir ?? defaultModelDir()),
          name: tenant.id,
        })
      : { classifier: { rank: () => [] }, trained: false, hash: '' };
  const model: ModelInfo = {
    hash,
    trained,
    intents: [...new Set(data.examples.map((example) => example.intent))],
    examples: data.examples.length,
    loadMs: performance.now() - started,
  };

  const embedded = createEmbeddedUnderstander({ classifier, extractor, threshold: tenant.nlu.threshold });
  if (tenant.nlu.provider !== 'rasa' || !tenant.nlu.url) {
    return { provider: 'embedded', model, parse: (text, parseOptions) => embedded.parse(text, parseOptions) };
  }
  const rasa = createRasaUnderstander({
    tenantId: tenant.id,
    url: tenant.nlu.url,
    timeoutMs: tenant.nlu.timeoutMs,
    threshold: tenant.nlu.threshold,
    fallback: embedded,
    logger: options.logger ?? createLogger({ level: 'warn', destination: process.stderr as never }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { provider: 'rasa', model, parse: (text, parseOptions) => rasa.parse(text, parseOptions) };
}

const shared = new WeakMap<TenantConfig, TenantUnderstander>();

/**
 * The tenant's understander, built once per configuration object and shared: the turn engine and the
 * parse endpoint of one process use the same model.
 */
export function tenantUnderstander(
  tenant: TenantConfig,
  options: TenantUnderstanderOptions,
): TenantUnderstander {
  let understander = shared.get(tenant);
  if (!understander) {
    understander = createTenantUnderstander(tenant, options);
    shared.set(tenant, understander);
  }
  return understander;
}
