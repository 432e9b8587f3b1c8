/** The embedded intent classifier: trained per tenant from examples, calibrated, cached on disk. */
import type { TrainingExample } from '../training-data.ts';
import { loadOrTrainIntentClassifier as loadOrTrain } from './model-cache.ts';
import { decodeIntentModel } from './model-file.ts';
import { trainIntentModel } from './train.ts';

export interface IntentScore {
  name: string;
  confidence: number;
}

export interface IntentClassifier {
  /** Every intent with its confidence, highest first; the confidences sum to 1. */
  rank(text: string): IntentScore[];
}

export interface TrainedIntentModel extends IntentClassifier {
  /** The model as a JSON value, for `loadIntentClassifier`. */
  toJSON(): unknown;
}

/**
 * Trains a classifier on the examples (deterministic: the same examples in any order give the same
 * model). A message made of words the model never saw gets a flat ranking, so a threshold such as 0.6
 * on the top confidence separates what the model knows from what it does not.
 */
export function trainIntentClassifier(examples: TrainingExample[]): TrainedIntentModel {
  return trainIntentModel(examples);
}

/** Rebuilds a classifier from `toJSON()`; throws an `invalid_config` error if the JSON is not a valid model. */
export function loadIntentClassifier(json: unknown): IntentClassifier {
  return decodeIntentModel(json);
}

/** Persistence: trains only when the examples' content hash changed; the model is cached as a JSON file. */
export function loadOrTrainIntentClassifier(
  examples: TrainingExample[],
  options: { cacheDir: string; name: string },
): { classifier: IntentClassifier; trained: boolean; hash: string } {
  return loadOrTrain(examples, options);
}
