/** A trained intent model: its feature index, one linear classifier per intent, and its calibration. */
import { confidences } from './calibration.ts';
import type { FeatureIndex, KnownVector } from './feature-index.ts';
import { vectorize } from './feature-index.ts';
import { extractFeatures, featureWords } from './features.ts';
import type { IntentScore, TrainedIntentModel } from './index.ts';

export const MODEL_FORMAT = 'orquesta-intent-model';
/** Bumped whenever features or training change, so that cached models of an older kind are retrained. */
export const MODEL_VERSION = 2;

export interface IntentModelParts {
  /** Intent names, sorted; class c of the weights is `labels[c]`. */
  labels: string[];
  features: FeatureIndex;
  /** Row-major `features × labels`. */
  weights: Float32Array;
  bias: Float32Array;
  /** Multiplies the scores before the softmax (the inverse of a temperature). */
  sharpness: number;
}

export interface IntentModel extends TrainedIntentModel {
  readonly parts: IntentModelParts;
  /** One raw score per label, before calibration. */
  scores(text: string): Float64Array;
}

export function createIntentModel(parts: IntentModelParts): IntentModel {
  const scores = (text: string): Float64Array =>
    scoreVector(parts, vectorize(parts.features, extractFeatures(featureWords(text))));
  return {
    parts,
    scores,
    rank(text: string): IntentScore[] {
      if (parts.labels.length === 0) return [];
      const probabilities = confidences(scores(text), parts.sharpness);
      return parts.labels
        .map((name, index) => ({ name, confidence: probabilities[index]! }))
        .sort((a, b) => b.confidence - a.confidence || (a.name < b.name ? -1 : 1));
    },
    toJSON: () => encodeModel(parts),
  };
}

/**
 * How strongly unknown words weaken the scores: they are multiplied by the known share of the message
 * (its coverage) to this power, on top of the weakening the unit-length vector already brings. Tuned on
 * the Schuster eval split and the demo tenants (out-of-domain: the other tenants' intents).
 */
const COVERAGE_POWER = 4;

/**
 * Score of each label: (weights · vector + bias × coverage) × coverage⁴. A message made mostly of words
 * the model never saw scores near 0 — "not this intent, nor any other" — for every intent, so that the
 * calibration gives it a flat ranking instead of the biggest intent.
 */
export function scoreVector(parts: IntentModelParts, vector: KnownVector): Float64Array {
  const { weights, bias } = parts;
  const { indices, values, coverage } = vector;
  const classes = bias.length;
  const scores = new Float64Array(classes);
  for (let label = 0; label < classes; label += 1) scores[label] = bias[label]! * coverage;
  for (let k = 0; k < indices.length; k += 1) {
    const offset = indices[k]! * classes;
    const value = values[k]!;
    for (let label = 0; label < classes; label += 1) scores[label]! += weights[offset + label]! * value;
  }
  const weakening = coverage ** COVERAGE_POWER;
  for (let label = 0; label < classes; label += 1) scores[label]! *= weakening;
  return scores;
}

/** The model file: arrays as base64 of their little-endian bytes, compact and exact. */
function encodeModel(parts: IntentModelParts): unknown {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: parts.labels,
    sharpness: parts.sharpness,
    unknownIdf: parts.features.unknownIdf,
    bias: Array.from(parts.bias),
    slots: toBase64(parts.features.slots),
    idf: toBase64(parts.features.idf),
    weights: toBase64(parts.weights),
  };
}

function toBase64(array: Int32Array | Float32Array): string {
  const bytes = Buffer.alloc(array.length * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  array.forEach((value, index) => {
    if (array instanceof Int32Array) view.setInt32(index * 4, value, true);
    else view.setFloat32(index * 4, value, true);
  });
  return bytes.toString('base64');
}
