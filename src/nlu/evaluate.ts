/** Measures an intent classifier: accuracy, macro-F1, per-intent figures, confusions and speed. */
import { trainIntentClassifier, type IntentClassifier } from './intent/index.ts';
import type { TrainingExample } from './training-data.ts';

export interface IntentPrediction {
  expected: string;
  /** Null when the classifier gave no intent at all. */
  predicted: string | null;
}

export interface IntentReport {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  /** How many test examples have this intent. */
  support: number;
}

export interface ConfusedPair {
  expected: string;
  predicted: string;
  count: number;
}

export interface IntentMetrics {
  n: number;
  accuracy: number;
  /** Mean F1 of the intents that are expected or predicted at least once. */
  macroF1: number;
  perIntent: IntentReport[];
  /** Most frequent (expected, predicted) errors, most frequent first. */
  confusedPairs: ConfusedPair[];
}

export interface IntentEvaluation extends IntentMetrics {
  /** Median time of one classification, in microseconds. */
  usPerUtterance: number;
  /** Training time in milliseconds (0 when the classifier was given trained). */
  trainMs: number;
}

/** How many confused pairs a report keeps. */
const CONFUSED_PAIRS = 10;
/** Classifications run before timing, so that the figures are those of optimised code. */
const WARM_UP = 200;

export function scorePredictions(predictions: readonly IntentPrediction[]): IntentMetrics {
  const intents = new Set<string>();
  const truePositives = new Map<string, number>();
  const expectedCount = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const confusions = new Map<string, ConfusedPair>();
  let correct = 0;
  for (const { expected, predicted } of predictions) {
    intents.add(expected);
    increment(expectedCount, expected);
    if (predicted !== null) {
      intents.add(predicted);
      increment(predictedCount, predicted);
    }
    if (predicted === expected) {
      correct += 1;
      increment(truePositives, expected);
      continue;
    }
    const label = predicted ?? '(none)';
    const key = `${expected}\u0000${label}`;
    const pair = confusions.get(key) ?? { expected, predicted: label, count: 0 };
    pair.count += 1;
    confusions.set(key, pair);
  }
  const perIntent = [...intents].sort().map((intent): IntentReport => {
    const hits = truePositives.get(intent) ?? 0;
    const support = expectedCount.get(intent) ?? 0;
    const precision = ratio(hits, predictedCount.get(intent) ?? 0);
    const recall = ratio(hits, support);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { intent, precision, recall, f1, support };
  });
  const confusedPairs = [...confusions.values()]
    .sort(
      (a, b) =>
        b.count - a.count || compareText(a.expected, b.expected) || compareText(a.predicted, b.predicted),
    )
    .slice(0, CONFUSED_PAIRS);
  return {
    n: predictions.length,
    accuracy: ratio(correct, predictions.length),
    macroF1: ratio(
      perIntent.reduce((sum, report) => sum + report.f1, 0),
      perIntent.length,
    ),
    perIntent,
    confusedPairs,
  };
}

/** Classifies every example (timing each classification) and scores the top intents. */
export function evaluateClassifier(
  classifier: IntentClassifier,
  examples: readonly TrainingExample[],
): IntentEvaluation {
  for (const example of examples.slice(0, WARM_UP)) classifier.rank(example.text);
  const times: number[] = [];
  const predictions = examples.map((example): IntentPrediction => {
    const start = performance.now();
    const ranking = classifier.rank(example.text);
    times.push(performance.now() - start);
    return { expected: example.intent, predicted: ranking[0]?.name ?? null };
  });
  return { ...scorePredictions(predictions), usPerUtterance: median(times) * 1000, trainMs: 0 };
}

/** Trains Orquesta's classifier on `train` and evaluates it on `test`. */
export function trainAndEvaluate(
  train: readonly TrainingExample[],
  test: readonly TrainingExample[],
): IntentEvaluation {
  const start = performance.now();
  const classifier = trainIntentClassifier([...train]);
  const trainMs = performance.now() - start;
  return { ...evaluateClassifier(classifier, test), trainMs };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
