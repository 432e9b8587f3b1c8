/**
 * Training of the embedded intent classifier.
 *
 * Hand-written rather than borrowed: the TypeScript libraries for this (nlp.js, natural, brain.js) are
 * less accurate on the benchmark and slower to train, and the well-known fast linear learners (LIBLINEAR,
 * Vowpal Wabbit, fastText) are native code. A linear SVM over hashed words, word pairs and word pieces
 * takes about 100 lines (linear-svm.ts), trains 5,000 examples in seconds on one core and classifies a
 * message in tens of microseconds.
 */
import type { TrainingExample } from '../training-data.ts';
import { fitSharpness, TYPICAL_SHARPNESS } from './calibration.ts';
import { buildFeatureIndex, vectorize } from './feature-index.ts';
import { extractFeatures, featureWords, type FeatureCounts } from './features.ts';
import { DEFAULT_SVM_OPTIONS, trainLinearSvm, type LinearSvmOptions } from './linear-svm.ts';
import { createIntentModel, scoreVector, type IntentModel, type IntentModelParts } from './model.ts';

export interface IntentTrainingOptions {
  svm?: LinearSvmOptions;
  /** Folds of the cross-validation that fits the calibration. */
  folds?: number;
}

const DEFAULT_FOLDS = 3;

/**
 * Trains a model on the examples. The result does not depend on their order: they are sorted first, and
 * every random choice is seeded.
 */
export function trainIntentModel(
  examples: readonly TrainingExample[],
  options: IntentTrainingOptions = {},
): IntentModel {
  const sorted = [...examples].sort(compareExamples);
  const labels = [...new Set(sorted.map((example) => example.intent))].sort();
  const labelOf = new Map(labels.map((label, index) => [label, index]));
  const documents = sorted.map((example) => extractFeatures(featureWords(example.text)));
  const classes = sorted.map((example) => labelOf.get(example.intent)!);
  const svm = options.svm ?? DEFAULT_SVM_OPTIONS;
  const parts = fitParts(labels, documents, classes, svm);
  parts.sharpness = calibrate(labels, documents, classes, svm, options.folds ?? DEFAULT_FOLDS);
  return createIntentModel(parts);
}

function fitParts(
  labels: string[],
  documents: readonly FeatureCounts[],
  classes: readonly number[],
  svm: LinearSvmOptions,
): IntentModelParts {
  const features = buildFeatureIndex(documents);
  const vectors = documents.map((document) => vectorize(features, document));
  const { weights, bias } = trainLinearSvm(vectors, classes, features.slots.length, labels.length, svm);
  return { labels, features, weights, bias, sharpness: TYPICAL_SHARPNESS };
}

/**
 * Fits the softmax's sharpness on scores of examples the model did not see: each example is scored by a
 * model trained on the other folds. Examples are dealt to folds in turn within each intent (stratified).
 */
function calibrate(
  labels: string[],
  documents: readonly FeatureCounts[],
  classes: readonly number[],
  svm: LinearSvmOptions,
  folds: number,
): number {
  if (labels.length < 2 || documents.length < 2 * folds) return TYPICAL_SHARPNESS;
  const seen = new Array<number>(labels.length).fill(0);
  const foldOf = classes.map((label) => seen[label]!++ % folds);
  const scores: Float64Array[] = [];
  const truth: number[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const training = documents.flatMap((document, index) => (foldOf[index] === fold ? [] : [index]));
    const parts = fitParts(
      labels,
      training.map((index) => documents[index]!),
      training.map((index) => classes[index]!),
      svm,
    );
    documents.forEach((document, index) => {
      if (foldOf[index] !== fold) return;
      scores.push(scoreVector(parts, vectorize(parts.features, document)));
      truth.push(classes[index]!);
    });
  }
  return fitSharpness(scores, truth);
}

/** Orders examples by intent, then text, by UTF-16 code units (the same on every machine). */
export function compareExamples(a: TrainingExample, b: TrainingExample): number {
  if (a.intent !== b.intent) return a.intent < b.intent ? -1 : 1;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}
