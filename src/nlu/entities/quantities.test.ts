import { describe, expect, it } from 'vitest';
import { foldText } from './folded-text.ts';
import { findQuantities, parseNumericLiteral } from './quantities.ts';

function quantities(text: string) {
  return findQuantities(foldText(text)).map((quantity) => ({
    text: text.slice(quantity.start, quantity.end),
    value: quantity.value,
    scaled: quantity.scaled,
  }));
}

describe('parseNumericLiteral', () => {
  it.each([
    ['50.000', 50_000],
    ['50,000', 50_000],
    ['1.000.000', 1_000_000],
    ['1.5', 1.5],
    ['1,5', 1.5],
    ['123.45', 123.45],
    ['5,00', 5],
    ['0.500', 0.5],
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
  ])('reads %s as %d, Spanish first', (text, value) => {
    expect(parseNumericLiteral(text)).toBe(value);
  });

  it('rejects malformed groupings', () => {
    expect(parseNumericLiteral('1.000.00')).toBeNull();
    expect(parseNumericLiteral('1,2,3.4,5')).toBeNull();
  });
});

describe('findQuantities', () => {
  it('finds digits and words, with their multipliers', () => {
    expect(quantities('300 mil, 1,5 millones, 50k y medio millón')).toEqual([
      { text: '300 mil', value: 300_000, scaled: true },
      { text: '1,5 millones', value: 1_500_000, scaled: true },
      { text: '50k', value: 50_000, scaled: true },
      { text: 'medio millón', value: 500_000, scaled: true },
    ]);
  });

  it('keeps offsets in the original text', () => {
    expect(quantities('¿Cuánto es veintidós más 1.5?')).toEqual([
      { text: 'veintidós', value: 22, scaled: false },
      { text: '1.5', value: 1.5, scaled: false },
    ]);
  });

  it('does not read digits glued to letters, "por ciento" or a lone "mil" as a multiplied amount', () => {
    expect(quantities('el 2do a las 3pm')).toEqual([]);
    expect(quantities('30 por ciento')).toEqual([{ text: '30', value: 30, scaled: false }]);
    expect(quantities('mil gracias')).toEqual([{ text: 'mil', value: 1000, scaled: false }]);
  });
});
