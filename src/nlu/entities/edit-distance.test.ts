import { describe, expect, it } from 'vitest';
import { allowedEdits, editDistance } from './edit-distance.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('nisan', 'nissan')).toBe(1);
    expect(editDistance('jeta', 'jetta')).toBe(1);
    expect(editDistance('mazada', 'mazda')).toBe(1);
    expect(editDistance('depilasion', 'depilacion')).toBe(1);
    expect(editDistance('toyoat', 'toyota')).toBe(1);
    expect(editDistance('kia', 'kia')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops early once over the limit', () => {
    expect(editDistance('hyundai', 'honda', 1)).toBe(2);
  });

  it('allows more edits in longer words, none in very short ones', () => {
    expect([3, 4, 7, 8].map(allowedEdits)).toEqual([0, 1, 1, 2]);
  });
});
