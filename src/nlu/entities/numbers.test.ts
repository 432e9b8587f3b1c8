import { describe, expect, it } from 'vitest';
import { foldText } from './folded-text.ts';
import { extractNumbers } from './numbers.ts';
import { findQuantities } from './quantities.ts';

function numbers(text: string) {
  const folded = foldText(text);
  return extractNumbers(folded, findQuantities(folded)).map((entity) => ({
    text: text.slice(entity.start, entity.end),
    value: entity.value,
  }));
}

describe('number', () => {
  it.each([
    ['tres', 3],
    ['veintidós', 22],
    ['1.5', 1.5],
    ['mil doscientos', 1200],
    ['1.200', 1200],
    ['doscientos cincuenta', 250],
    ['twenty-two', 22],
  ])('reads "%s"', (text, value) => {
    expect(numbers(text)).toEqual([{ text, value }]);
  });

  it('does not read articles, set phrases or pronouns as numbers', () => {
    expect(numbers('quiero una cita')).toEqual([]);
    expect(numbers('mil gracias')).toEqual([]);
    expect(numbers('the second one')).toEqual([]);
    expect(numbers('uno, por favor')).toEqual([{ text: 'uno', value: 1 }]);
  });
});
