import { describe, expect, it } from 'vitest';
import { parseNumberWords, smallNumberValue } from './number-words.ts';

const read = (text: string) => parseNumberWords(text.split(' '), 0);

describe('parseNumberWords', () => {
  it.each([
    ['tres', 3],
    ['veintidos', 22],
    ['treinta y uno', 31],
    ['ciento cinco', 105],
    ['quinientas', 500],
    ['mil doscientos', 1200],
    ['dos mil veinte', 2020],
    ['mil novecientos noventa y dos', 1992],
    ['trescientos mil', 300_000],
    ['medio millon', 500_000],
    ['un millon y medio', 1_500_000],
    ['dos millones quinientos mil', 2_500_000],
    ['tres mil millones', 3_000_000_000],
    ['twenty two', 22],
    ['one hundred and five', 105],
    ['two thousand twenty', 2020],
  ])('reads "%s" as %d', (text, value) => {
    expect(read(text)).toEqual({ value, end: text.split(' ').length });
  });

  it('stops where the words stop making one number', () => {
    expect(read('dos tres')).toEqual({ value: 2, end: 1 });
    expect(read('treinta uno')).toEqual({ value: 30, end: 1 });
    expect(read('diez y')).toEqual({ value: 10, end: 1 });
  });

  it('reads nothing where no number starts', () => {
    expect(read('hola')).toBeNull();
    expect(read('millones')).toBeNull();
    expect(read('media hora')).toBeNull();
  });

  it('spells small numbers in both languages', () => {
    expect(smallNumberValue('veintiuna')).toBe(21);
    expect(smallNumberValue('diez y seis')).toBe(16);
    expect(smallNumberValue('forty-two')).toBe(42);
    expect(smallNumberValue('cien')).toBeUndefined();
  });
});
