import { describe, expect, it } from 'vitest';
import { monthlyPayment, percentOf, quote } from './amortization.ts';

// Worked examples of financiamiento.md for the demo's Toyota Corolla 2021 at $371,000, 10 % a year:
// monthly payment = financed × (0.10 / 12) / (1 − (1 + 0.10 / 12)^−months), to the peso.
describe('monthlyPayment', () => {
  it.each([
    // 10 % down: 37,100; financed 333,900
    [333900, 36, 10774],
    [333900, 48, 8469],
    [333900, 60, 7094],
    [333900, 72, 6186],
    // 20 % down: 74,200; financed 296,800
    [296800, 36, 9577],
    [296800, 48, 7528],
    [296800, 60, 6306],
    [296800, 72, 5498],
    // 30 % down: 111,300; financed 259,700
    [259700, 36, 8380],
    [259700, 48, 6587],
    [259700, 60, 5518],
    [259700, 72, 4811],
  ])('finances %i over %i months at 10 %% for %i a month', (financed, months, payment) => {
    expect(monthlyPayment(financed, 10, months)).toBe(payment);
  });

  it('rounds half up only at the end, so 7,527.61 is 7,528 and 8,469.49 is 8,469', () => {
    // 296,800 over 48 months is 7,527.6148…; 333,900 over 48 is 8,469.4…
    expect(monthlyPayment(296800, 10, 48)).toBe(7528);
    expect(monthlyPayment(333900, 10, 48)).toBe(8469);
  });

  it('takes rates with decimals and a zero rate', () => {
    expect(monthlyPayment(250000, 10.5, 48)).toBe(6401);
    expect(monthlyPayment(100000, 0, 36)).toBe(2778);
  });

  it('refuses amounts and terms that are not whole', () => {
    expect(() => monthlyPayment(1000.5, 10, 36)).toThrow(RangeError);
    expect(() => monthlyPayment(1000, 10, 0)).toThrow(RangeError);
  });
});

describe('quote', () => {
  it('gives the plan with its totals: 20 % down on $371,000 over 4 years', () => {
    expect(quote(371000, 74200, 48, 10)).toEqual({
      price: 371000,
      downPayment: 74200,
      financed: 296800,
      months: 48,
      annualRatePercent: 10,
      monthlyPayment: 7528,
      totalPaid: 361344,
      totalInterest: 64544,
    });
  });
});

describe('percentOf', () => {
  it('rounds up to the peso, so a percentage never falls short', () => {
    expect(percentOf(371000, 20)).toBe(74200);
    expect(percentOf(158005, 10)).toBe(15801);
    expect(percentOf(100000, 12.5)).toBe(12500);
  });
});
