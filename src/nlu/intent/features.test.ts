import { describe, expect, it } from 'vitest';
import { extractFeatures, FEATURE_SLOTS, featureWords } from './features.ts';

const features = (text: string) => extractFeatures(featureWords(text));

describe('featureWords', () => {
  it('reads chat tokens and writes every digit as 0', () => {
    expect(featureWords('Cita a las 3:45, porfa')).toEqual(['cita', 'a', 'las', '0', '00', 'por', 'favor']);
  });
});

describe('extractFeatures', () => {
  it('gives distinct slots, each with its count', () => {
    const { slots, counts } = features('hola hola hola');
    expect(slots.length).toBe(counts.length);
    expect(new Set(slots).size).toBe(slots.length);
    expect(Math.max(...slots)).toBeLessThan(FEATURE_SLOTS);
    // The word "hola" and its pieces occur three times; "hola hola" twice.
    expect(Math.max(...counts)).toBe(3);
    expect(counts.filter((count) => count === 2)).toHaveLength(1);
  });

  it('is the same for the same words, and for texts that differ only in accents, case or elongation', () => {
    expect(features('Buenos días')).toEqual(features('BUENOS DIAS'));
    expect(features('holaaaa')).toEqual(features('hola'));
    expect(features('a las 3')).toEqual(features('a las 5'));
  });

  it('shares most pieces between a word and its misspelling', () => {
    const right = new Set(features('agendar').slots);
    const wrong = features('ajendar').slots;
    const shared = wrong.filter((slot) => right.has(slot)).length;
    expect(shared / wrong.length).toBeGreaterThan(0.4);
  });

  it('counts the pieces of the first word once more, as features of their own', () => {
    const shared = (a: string, b: string): number => {
      const slots = new Set(features(a).slots);
      return features(b).slots.filter((slot) => slots.has(slot)).length;
    };
    // The same words, but only in the first text does "cancelar" open the message, as "cancela" does.
    expect(shared('cancela la cita', 'cancelar mi cita')).toBeGreaterThan(
      shared('cancela la cita', 'mi cita cancelar'),
    );
  });

  it('gives nothing for a text without words', () => {
    expect(features('¿?!').slots).toHaveLength(0);
  });

  it('leaves no trace between calls', () => {
    const first = features('quiero una cita');
    features('otra cosa distinta');
    expect(features('quiero una cita')).toEqual(first);
  });
});
