import { describe, expect, it } from 'vitest';
import { foldText } from './folded-text.ts';
import { extractPhoneNumbers } from './phone-number.ts';

function phones(text: string) {
  return extractPhoneNumbers(text, foldText(text)).map((entity) => ({
    text: text.slice(entity.start, entity.end),
    value: entity.value,
  }));
}

describe('phone-number', () => {
  it.each([
    ['+57 300 123 4567', '+573001234567'],
    ['+52 55 1234 5678', '+525512345678'],
    ['+5215512345678', '+5215512345678'],
    ['3001234567', '3001234567'],
    ['300-123-4567', '3001234567'],
    ['601 234 5678', '6012345678'],
    ['(55) 1234-5678', '5512345678'],
    ['555-1234', '5551234'],
  ])('reads "%s"', (text, value) => {
    expect(phones(`llámame al ${text} por favor`)).toEqual([{ text, value }]);
  });

  it('does not take amounts, dates or short numbers for phone numbers', () => {
    expect(phones('son $3001234567')).toEqual([]);
    expect(phones('vale 50.000.000')).toEqual([]);
    expect(phones('cuesta 1500000')).toEqual([]);
    expect(phones('2 000 000 mil pesos')).toEqual([]);
    expect(phones('el 2026-11-24')).toEqual([]);
    expect(phones('ticket 12345')).toEqual([]);
  });
});
