/**
 * The financing options for a car: each down payment (by default 10, 20 and 30 %) with the monthly
 * payment of each term (3 to 6 years). A down payment or a term the customer gave narrows the table.
 */
import { percentOf, quote } from './amortization.ts';
import type { FinancingSettings } from './financing-settings.ts';

export interface OptionsRow {
  /** Null when the row is the customer's own down payment amount. */
  downPaymentPercent: number | null;
  downPayment: number;
  financed: number;
  payments: { months: number; monthlyPayment: number }[];
}

export interface OptionsTable {
  price: number;
  annualRatePercent: number;
  rows: OptionsRow[];
}

export function financingOptions(
  price: number,
  settings: FinancingSettings,
  given: { downPayment?: number | null; months?: number | null } = {},
): OptionsTable {
  const downPayments =
    given.downPayment !== undefined && given.downPayment !== null
      ? [{ percent: null, amount: given.downPayment }]
      : settings.tableDownPaymentPercents.map((percent) => ({ percent, amount: percentOf(price, percent) }));
  const terms = given.months ? [given.months] : settings.termsYears.map((years) => years * 12);
  return {
    price,
    annualRatePercent: settings.annualRatePercent,
    rows: downPayments.map(({ percent, amount }) => ({
      downPaymentPercent: percent,
      downPayment: amount,
      financed: price - amount,
      payments: terms.map((months) => ({
        months,
        monthlyPayment: quote(price, amount, months, settings.annualRatePercent).monthlyPayment,
      })),
    })),
  };
}
