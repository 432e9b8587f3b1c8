import { describe, expect, it } from 'vitest';
import { evaluateClassifier, median, scorePredictions, trainAndEvaluate } from './evaluate.ts';
import { CLINIC_EXAMPLES } from './intent/__fixtures__/clinic-examples.ts';
import type { IntentClassifier } from './intent/index.ts';

describe('scorePredictions', () => {
  // saludo: 2 of 3 right; despedida: 1 of 1 right, and predicted once for a saludo; ayuda: never right.
  const predictions = [
    { expected: 'saludo', predicted: 'saludo' },
    { expected: 'saludo', predicted: 'saludo' },
    { expected: 'saludo', predicted: 'despedida' },
    { expected: 'despedida', predicted: 'despedida' },
    { expected: 'ayuda', predicted: 'saludo' },
    { expected: 'ayuda', predicted: null },
  ];
  const metrics = scorePredictions(predictions);

  it('counts accuracy over every prediction', () => {
    expect(metrics.n).toBe(6);
    expect(metrics.accuracy).toBeCloseTo(3 / 6);
  });

  it('gives precision, recall and F1 per intent, in name order', () => {
    expect(metrics.perIntent).toEqual([
      { intent: 'ayuda', precision: 0, recall: 0, f1: 0, support: 2 },
      { intent: 'despedida', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 },
      { intent: 'saludo', precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
    ]);
    expect(metrics.macroF1).toBeCloseTo((0 + 2 / 3 + 2 / 3) / 3);
  });

  it('lists the confused pairs, most frequent first, "(none)" for no prediction', () => {
    expect(metrics.confusedPairs).toEqual([
      { expected: 'ayuda', predicted: '(none)', count: 1 },
      { expected: 'ayuda', predicted: 'saludo', count: 1 },
      { expected: 'saludo', predicted: 'despedida', count: 1 },
    ]);
    const repeated = scorePredictions([
      ...predictions,
      { expected: 'saludo', predicted: 'despedida' },
    ]).confusedPairs;
    expect(repeated[0]).toEqual({ expected: 'saludo', predicted: 'despedida', count: 2 });
  });

  it('gives zeros, not NaN, without predictions', () => {
    expect(scorePredictions([])).toEqual({ n: 0, accuracy: 0, macroF1: 0, perIntent: [], confusedPairs: [] });
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('evaluateClassifier', () => {
  it('scores the top intent of each ranking and times every classification', () => {
    const classifier: IntentClassifier = {
      rank: (text) => (text.includes('hola') ? [{ name: 'saludo', confidence: 1 }] : []),
    };
    const evaluation = evaluateClassifier(classifier, [
      { text: 'hola', intent: 'saludo' },
      { text: 'chao', intent: 'despedida' },
    ]);
    expect(evaluation).toMatchObject({ n: 2, accuracy: 0.5, trainMs: 0 });
    expect(evaluation.confusedPairs).toEqual([{ expected: 'despedida', predicted: '(none)', count: 1 }]);
    expect(evaluation.usPerUtterance).toBeGreaterThanOrEqual(0);
  });
});

describe('trainAndEvaluate', () => {
  it('trains Orquesta’s classifier and reports its training time', () => {
    const evaluation = trainAndEvaluate(CLINIC_EXAMPLES, [
      { text: 'kiero agendar una sita', intent: 'agendar_cita' },
      { text: 'cuanto cuesta el masaje', intent: 'consultar_paquetes' },
    ]);
    expect(evaluation.accuracy).toBe(1);
    expect(evaluation.trainMs).toBeGreaterThan(0);
  });
});
