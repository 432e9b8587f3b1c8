import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/databases.ts';
import { OrquestaError } from '../../core/errors.ts';
import { demoCatalog, withToolContext } from '../catalog/testing.ts';
import { financingTemplates } from './templates.ts';
import { createFinancingTools } from './tools.ts';

const [quoteFinancing] = createFinancingTools(demoCatalog);

describe.each(DIALECTS)('quote_financing (%s)', (dialect) => {
  it('gives one plan for a down payment and a term', () =>
    withToolContext(dialect, async (context) => {
      const input = quoteFinancing.input.parse({ stockId: '243001', downPaymentPercent: 20, termYears: 4 });
      const output = await quoteFinancing.execute(input, context);
      expect(output).toMatchObject({
        kind: 'quote',
        car: { stockId: '243001', title: 'Toyota Corolla 2021', priceText: '$371,000' },
        quote: { downPayment: 74200, financed: 296800, months: 48, monthlyPayment: 7528 },
      });
    }));

  it('gives the table of options when no term is given', () =>
    withToolContext(dialect, async (context) => {
      const output = await quoteFinancing.execute(quoteFinancing.input.parse({ stockId: '243001' }), context);
      if (output.kind !== 'options') throw new Error('expected the options table');
      expect(output.table.rows).toHaveLength(3);
      expect(output.table.rows[1]!.payments[1]).toEqual({ months: 48, monthlyPayment: 7528 });
    }));

  it('refuses a term not offered with the problem in its details', () =>
    withToolContext(dialect, async (context) => {
      const input = quoteFinancing.input.parse({
        stockId: '243001',
        downPaymentAmount: 10000,
        termMonths: 50,
      });
      const error = await quoteFinancing.execute(input, context).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OrquestaError);
      expect((error as OrquestaError).code).toBe('invalid_request');
      expect((error as OrquestaError).message).toBe(
        'cannot finance car "243001" that way: a term of 50 months is not offered — use 36, 48, 60, 72 months; ' +
          'a down payment of 10000 is below the minimum of 37100 (10 % of the price)',
      );
      expect((error as OrquestaError).details).toEqual({
        problems: [
          { code: 'term_not_offered', months: 50, termsYears: [3, 4, 5, 6] },
          { code: 'down_payment_below_minimum', downPayment: 10000, minimum: 37100, minimumPercent: 10 },
        ],
      });
    }));

  it('names a stock id that is not in the catalog', () =>
    withToolContext(dialect, async (context) => {
      await expect(quoteFinancing.execute({ stockId: 'X1' }, context)).rejects.toThrow(
        'no car with stock id "X1" in the catalog — use a stockId returned by search_cars',
      );
    }));
});

describe('quote_financing input', () => {
  it('takes the down payment one way only, and the term one way only', () => {
    expect(
      quoteFinancing.input.safeParse({ stockId: '1', downPaymentAmount: 5, downPaymentPercent: 5 }).success,
    ).toBe(false);
    expect(quoteFinancing.input.safeParse({ stockId: '1', termYears: 4, termMonths: 48 }).success).toBe(
      false,
    );
  });

  it('has every template in both Spanish and English', () => {
    expect(Object.keys(financingTemplates.en).sort()).toEqual(Object.keys(financingTemplates.es).sort());
  });
});
