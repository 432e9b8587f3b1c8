import { describe, expect, it } from 'vitest';
import { autosTenant } from '../catalog/testing.ts';
import { financingSettings } from './financing-settings.ts';
import { financingOptions } from './options-table.ts';

const settings = financingSettings(autosTenant());
const payments = (row: { payments: { months: number; monthlyPayment: number }[] }) =>
  row.payments.map((payment) => [payment.months, payment.monthlyPayment]);

describe('financingOptions', () => {
  it('gives 10, 20 and 30 % down by 3 to 6 years for a $371,000 car', () => {
    const table = financingOptions(371000, settings);
    expect(table.annualRatePercent).toBe(10);
    expect(table.rows.map((row) => [row.downPaymentPercent, row.downPayment, row.financed])).toEqual([
      [10, 37100, 333900],
      [20, 74200, 296800],
      [30, 111300, 259700],
    ]);
    expect(table.rows.map(payments)).toEqual([
      [
        [36, 10774],
        [48, 8469],
        [60, 7094],
        [72, 6186],
      ],
      [
        [36, 9577],
        [48, 7528],
        [60, 6306],
        [72, 5498],
      ],
      [
        [36, 8380],
        [48, 6587],
        [60, 5518],
        [72, 4811],
      ],
    ]);
  });

  it('narrows to the down payment or the term the customer gave', () => {
    const ownDownPayment = financingOptions(371000, settings, { downPayment: 74200 });
    expect(ownDownPayment.rows).toHaveLength(1);
    expect(ownDownPayment.rows[0]!.downPaymentPercent).toBeNull();
    expect(payments(ownDownPayment.rows[0]!)).toEqual([
      [36, 9577],
      [48, 7528],
      [60, 6306],
      [72, 5498],
    ]);
    const ownTerm = financingOptions(371000, settings, { months: 60 });
    expect(ownTerm.rows.map(payments)).toEqual([[[60, 7094]], [[60, 6306]], [[60, 5518]]]);
  });
});
