/**
 * The features a model knows, each with a row number and an inverse document frequency, and the step that
 * turns a message's feature counts into the model's input: TF-IDF weights scaled to unit length.
 */
import { FEATURE_SLOTS, type FeatureCounts } from './features.ts';
import type { SparseVector } from './linear-svm.ts';

export interface FeatureIndex {
  /** The hash slot of each known feature, ascending; a feature's row is its position here. */
  slots: Int32Array;
  idf: Float32Array;
  /** The IDF of a feature never seen in training: it lengthens the vector, so it dilutes what is known. */
  unknownIdf: number;
  /** Row of each hash slot, −1 for unknown slots. */
  rowOf: Int32Array;
}

/** Indexes every feature of the training documents with a smoothed IDF, ln((n + 1) / (df + 1)) + 1. */
export function buildFeatureIndex(documents: readonly FeatureCounts[]): FeatureIndex {
  const frequency = new Map<number, number>();
  for (const document of documents) {
    for (const slot of document.slots) frequency.set(slot, (frequency.get(slot) ?? 0) + 1);
  }
  const slots = Int32Array.from(frequency.keys()).sort();
  const idf = Float32Array.from(slots, (slot) => smoothIdf(documents.length, frequency.get(slot)!));
  return createFeatureIndex(slots, idf, smoothIdf(documents.length, 0));
}

export function createFeatureIndex(slots: Int32Array, idf: Float32Array, unknownIdf: number): FeatureIndex {
  const rowOf = new Int32Array(FEATURE_SLOTS).fill(-1);
  slots.forEach((slot, row) => {
    rowOf[slot] = row;
  });
  return { slots, idf, unknownIdf, rowOf };
}

/** A message's known features, and how much of the message they are: 1 when every feature is known. */
export interface KnownVector extends SparseVector {
  coverage: number;
}

/** The message's known features as rows with TF-IDF values, the whole vector (unknown features too) of length 1. */
export function vectorize(index: FeatureIndex, features: FeatureCounts): KnownVector {
  const { slots, counts } = features;
  const rows = new Int32Array(slots.length);
  const values = new Float64Array(slots.length);
  let known = 0;
  let squaredLength = 0;
  let squaredKnown = 0;
  for (let k = 0; k < slots.length; k += 1) {
    const row = index.rowOf[slots[k]!]!;
    const value = counts[k]! * (row >= 0 ? index.idf[row]! : index.unknownIdf);
    squaredLength += value * value;
    if (row < 0) continue;
    squaredKnown += value * value;
    rows[known] = row;
    values[known] = value;
    known += 1;
  }
  const length = Math.sqrt(squaredLength) || 1;
  for (let k = 0; k < known; k += 1) values[k]! /= length;
  return {
    indices: rows.subarray(0, known),
    values: values.subarray(0, known),
    coverage: Math.sqrt(squaredKnown) / length,
  };
}

function smoothIdf(documents: number, frequency: number): number {
  return Math.log((documents + 1) / (frequency + 1)) + 1;
}
