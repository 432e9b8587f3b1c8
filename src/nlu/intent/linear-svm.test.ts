import { describe, expect, it } from 'vitest';
import { DEFAULT_SVM_OPTIONS, trainLinearSvm, type SparseVector } from './linear-svm.ts';

const vector = (entries: [number, number][]): SparseVector => ({
  indices: Int32Array.from(entries.map(([index]) => index)),
  values: Float64Array.from(entries.map(([, value]) => value)),
});

// Three classes, each marked by its own dimension (0, 1, 2); dimension 3 is noise shared by all.
const vectors = [
  vector([
    [0, 0.9],
    [3, 0.4],
  ]),
  vector([[0, 1]]),
  vector([
    [1, 0.9],
    [3, 0.4],
  ]),
  vector([[1, 1]]),
  vector([
    [2, 0.9],
    [3, 0.4],
  ]),
  vector([[2, 1]]),
];
const labels = [0, 0, 1, 1, 2, 2];

function predict(model: ReturnType<typeof trainLinearSvm>, input: SparseVector, classes: number): number {
  const scores = Array.from(model.bias);
  input.indices.forEach((index, k) => {
    for (let label = 0; label < classes; label += 1)
      scores[label]! += model.weights[index * classes + label]! * input.values[k]!;
  });
  return scores.indexOf(Math.max(...scores));
}

describe('trainLinearSvm', () => {
  it('separates classes marked by their own features', () => {
    const model = trainLinearSvm(vectors, labels, 4, 3);
    expect(vectors.map((input) => predict(model, input, 3))).toEqual(labels);
    expect(predict(model, vector([[1, 0.5]]), 3)).toBe(1);
  });

  it('gives a positive margin to its own class and a negative one to the others', () => {
    const model = trainLinearSvm(vectors, labels, 4, 3);
    expect(model.weights[0 * 3 + 0]).toBeGreaterThan(0);
    expect(model.weights[0 * 3 + 1]).toBeLessThan(0);
  });

  it('is not swayed by one contradictory example', () => {
    const model = trainLinearSvm([...vectors, vector([[0, 1]])], [...labels, 1], 4, 3);
    expect(predict(model, vector([[0, 1]]), 3)).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const first = trainLinearSvm(vectors, labels, 4, 3);
    const second = trainLinearSvm(vectors, labels, 4, 3);
    expect(second.weights).toEqual(first.weights);
    expect(second.bias).toEqual(first.bias);
    const other = trainLinearSvm(vectors, labels, 4, 3, { ...DEFAULT_SVM_OPTIONS, seed: 7 });
    expect(vectors.map((input) => predict(other, input, 3))).toEqual(labels);
  });
});
