import { describe, expect, it } from 'vitest';
import { foldText } from './folded-text.ts';
import { extractOrdinals } from './ordinals.ts';

function ordinals(text: string) {
  return extractOrdinals(foldText(text)).map((entity) => ({
    text: text.slice(entity.start, entity.end),
    value: entity.value,
  }));
}

describe('ordinal', () => {
  it.each([
    ['el segundo', 'segundo', 2],
    ['tercero', 'tercero', 3],
    ['la primera', 'primera', 1],
    ['el último', 'último', -1],
    ['el penúltimo', 'penúltimo', -2],
    ['2do', '2do', 2],
    ['3ra', '3ra', 3],
    ['1°', '1°', 1],
    ['4.º', '4.º', 4],
    ['décimo primero', 'décimo primero', 11],
    ['the third one', 'third', 3],
    ['21st', '21st', 21],
  ])('reads "%s"', (text, found, value) => {
    expect(ordinals(text)).toEqual([{ text: found, value }]);
  });

  it('reads "cuarto" as an ordinal only after an article', () => {
    expect(ordinals('el cuarto')).toEqual([{ text: 'cuarto', value: 4 }]);
    expect(ordinals('un cuarto de hora')).toEqual([]);
  });
});
