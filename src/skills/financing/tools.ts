/** The financing tool: `quote_financing`, a plan or a table of options for one car of the catalog. */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { carOrThrow, type Catalog } from '../catalog/catalog.ts';
import { carFacts, type CarFacts } from '../catalog/tools.ts';
import type { Tool } from '../tool.ts';
import { quote, type Quote } from './amortization.ts';
import { checkFinancingRequest, type FinancingProblem, type FinancingRequest } from './financing-request.ts';
import { financingSettings } from './financing-settings.ts';
import { financingOptions, type OptionsTable } from './options-table.ts';

const quoteInput = z
  .object({
    stockId: z.string().trim().min(1).describe('stock id of the car, from search_cars'),
    downPaymentAmount: z.number().int().positive().optional().describe('Down payment in pesos.'),
    downPaymentPercent: z
      .number()
      .positive()
      .max(100)
      .optional()
      .describe('Down payment in percent of the price.'),
    termYears: z.number().positive().optional(),
    termMonths: z.number().int().positive().optional(),
  })
  .strict()
  .refine((input) => !(input.downPaymentAmount !== undefined && input.downPaymentPercent !== undefined), {
    message: 'give the down payment as downPaymentAmount or downPaymentPercent, not both',
    path: ['downPaymentPercent'],
  })
  .refine((input) => !(input.termYears !== undefined && input.termMonths !== undefined), {
    message: 'give the term as termYears or termMonths, not both',
    path: ['termMonths'],
  });

export type QuoteFinancingInput = z.output<typeof quoteInput>;

export type QuoteFinancingOutput =
  { kind: 'quote'; car: CarFacts; quote: Quote } | { kind: 'options'; car: CarFacts; table: OptionsTable };

/**
 * `quote_financing`: with a down payment and a term, the plan; otherwise the table of options (narrowed
 * to what was given). A term or down payment the tenant does not offer throws `invalid_request`, its
 * `details.problems` being the `FinancingProblem`s the conversation explains with `describeProblem`.
 */
export function createFinancingTools(catalog: Catalog): [Tool<QuoteFinancingInput, QuoteFinancingOutput>] {
  return [
    {
      name: 'quote_financing',
      description:
        'Computes monthly payments to buy a car on credit (fixed rate, French amortisation). With a down payment ' +
        'and a term it gives one plan; without a term it gives the table of options (10/20/30 % down × 3–6 years).',
      input: quoteInput,
      async execute(input, context) {
        const car = carOrThrow(catalog, input.stockId);
        const settings = financingSettings(context.tenant);
        const request: FinancingRequest = {};
        if (input.downPaymentAmount !== undefined) request.downPayment = { amount: input.downPaymentAmount };
        if (input.downPaymentPercent !== undefined)
          request.downPayment = { percent: input.downPaymentPercent };
        if (input.termYears !== undefined) request.termMonths = Math.round(input.termYears * 12);
        if (input.termMonths !== undefined) request.termMonths = input.termMonths;
        const checked = checkFinancingRequest(request, car.price, settings);
        if (!checked.ok) {
          throw new OrquestaError(
            'invalid_request',
            `cannot finance car "${car.stockId}" that way: ${checked.problems.map(explain).join('; ')}`,
            { details: { problems: checked.problems } },
          );
        }
        const facts = carFacts(car, context);
        if (checked.downPayment !== null && checked.months !== null) {
          return {
            kind: 'quote',
            car: facts,
            quote: quote(car.price, checked.downPayment, checked.months, settings.annualRatePercent),
          };
        }
        return {
          kind: 'options',
          car: facts,
          table: financingOptions(car.price, settings, {
            downPayment: checked.downPayment,
            months: checked.months,
          }),
        };
      },
    },
  ];
}

function explain(problem: FinancingProblem): string {
  switch (problem.code) {
    case 'term_not_offered':
      return `a term of ${problem.months} months is not offered — use ${problem.termsYears.map((years) => years * 12).join(', ')} months`;
    case 'down_payment_below_minimum':
      return `a down payment of ${problem.downPayment} is below the minimum of ${problem.minimum} (${problem.minimumPercent} % of the price)`;
    case 'down_payment_not_below_price':
      return `a down payment of ${problem.downPayment} covers the price of ${problem.price}: nothing to finance`;
  }
}
