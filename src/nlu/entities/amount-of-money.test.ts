import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from './index.ts';

const context = { now: new Date('2026-11-23T14:00:00Z'), timezone: 'America/Bogota' };
const extractor = createEntityExtractor();

function money(text: string) {
  return extractor
    .extract(text, context)
    .filter((entity) => entity.entity === 'amount-of-money')
    .map((entity) => ({
      text: text.slice(entity.start, entity.end),
      value: entity.value,
      unit: entity['unit'],
    }));
}

describe('amount-of-money', () => {
  it.each([
    ['300 mil', 300_000],
    ['$50,000', 50_000],
    ['$50.000', 50_000],
    ['$ 5,00', 5],
    ['50k', 50_000],
    ['medio millón', 500_000],
    ['2 millones', 2_000_000],
    ['1,5 millones', 1_500_000],
    ['un millón y medio', 1_500_000],
    ['50 mil pesos', 50_000],
    ['2 millones de pesos', 2_000_000],
    ['2 palos', 2_000_000],
    ['50 lucas', 50_000],
  ])('reads "%s" as %d with no currency', (text, value) => {
    expect(money(text)).toEqual([{ text, value, unit: undefined }]);
  });

  it.each([
    ['100 dólares', 100, 'USD'],
    ['USD 20', 20, 'USD'],
    ['US$ 1.200', 1200, 'USD'],
    ['20 euros', 20, 'EUR'],
    ['€15', 15, 'EUR'],
    ['500 pesos mexicanos', 500, 'MXN'],
    ['COP 80.000', 80_000, 'COP'],
  ])('reads "%s" with the currency it names', (text, value, unit) => {
    expect(money(text)).toEqual([{ text, value, unit }]);
  });

  it('finds amounts inside a message', () => {
    expect(money('tienen algo de menos de 200 mil? o hasta $250.000')).toEqual([
      { text: '200 mil', value: 200_000, unit: undefined },
      { text: '$250.000', value: 250_000, unit: undefined },
    ]);
  });

  it('leaves plain numbers and set phrases alone', () => {
    expect(money('quiero 3 sesiones')).toEqual([]);
    expect(money('mil gracias')).toEqual([]);
    expect(money('mil doscientos')).toEqual([]);
  });
});
