import { describe, expect, it } from 'vitest';
import { foldText } from './folded-text.ts';
import { createLookupMatcher } from './lookup.ts';

const matcher = createLookupMatcher({
  make: [
    { value: 'Nissan' },
    { value: 'Mazda' },
    { value: 'Kia' },
    { value: 'Volkswagen', synonyms: ['vw'] },
  ],
  model: [
    { value: 'Jetta' },
    { value: 'Mazda 3', synonyms: ['mazda tres'] },
    { value: 'March' },
    { value: 'Rio' },
  ],
  service: [{ value: 'depilacion-laser', synonyms: ['depilación láser', 'láser'] }],
});

function lookups(text: string) {
  return matcher.extract(foldText(text)).map((entity) => ({
    entity: entity.entity,
    text: text.slice(entity.start, entity.end),
    value: entity.value,
    fuzzy: entity['fuzzy'] ?? false,
  }));
}

describe('lookup entities', () => {
  it('matches without accents or case, giving the canonical value', () => {
    expect(lookups('Quiero DEPILACION LASER')).toEqual([
      { entity: 'service', text: 'DEPILACION LASER', value: 'depilacion-laser', fuzzy: false },
    ]);
    expect(lookups('un VW')).toEqual([{ entity: 'make', text: 'VW', value: 'Volkswagen', fuzzy: false }]);
  });

  it('tolerates typos in proportion to the length of the word', () => {
    expect(lookups('un nisan')).toEqual([{ entity: 'make', text: 'nisan', value: 'Nissan', fuzzy: true }]);
    expect(lookups('el jeta')).toEqual([{ entity: 'model', text: 'jeta', value: 'Jetta', fuzzy: true }]);
    expect(lookups('mazada')).toEqual([{ entity: 'make', text: 'mazada', value: 'Mazda', fuzzy: true }]);
    expect(lookups('depilasion laser')).toEqual([
      { entity: 'service', text: 'depilasion laser', value: 'depilacion-laser', fuzzy: true },
    ]);
    expect(lookups('volksvagen')).toEqual([
      { entity: 'make', text: 'volksvagen', value: 'Volkswagen', fuzzy: true },
    ]);
  });

  it('matches multi-word values, the longest first', () => {
    expect(lookups('un mazda 3 rojo')).toEqual([
      { entity: 'model', text: 'mazda 3', value: 'Mazda 3', fuzzy: false },
    ]);
    expect(lookups('mazda tres')).toEqual([
      { entity: 'model', text: 'mazda tres', value: 'Mazda 3', fuzzy: false },
    ]);
    expect(lookups('un mazda')).toEqual([{ entity: 'make', text: 'mazda', value: 'Mazda', fuzzy: false }]);
  });

  it('prefers an exact match over a fuzzy one of the same words', () => {
    const both = createLookupMatcher({ model: [{ value: 'Versa' }, { value: 'Verso' }] });
    expect(both.extract(foldText('versa')).map((entity) => entity.value)).toEqual(['Versa']);
  });

  it('never matches very short words or everyday words fuzzily', () => {
    expect(lookups('el ka')).toEqual([]);
    expect(lookups('rio')).toEqual([{ entity: 'model', text: 'rio', value: 'Rio', fuzzy: false }]);
    expect(lookups('rios')).toEqual([]);
    expect(lookups('ponte en marcha')).toEqual([]);
    expect(lookups('hola, para cuando?')).toEqual([]);
  });
});
