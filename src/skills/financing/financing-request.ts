/**
 * What a customer asks of a financing plan, read from the NLU's entities and the words around them:
 * the down payment as an amount ("con 50 mil de enganche", "100k") or a percentage ("20%", "30 por
 * ciento"), and the term in years or months ("a 4 años", "48 meses", "72 mensualidades"); then checked
 * against the tenant's conditions, each problem with what the customer can do instead.
 */
import { foldText } from '../../nlu/entities/folded-text.ts';
import type { ParseResult } from '../../nlu/parse-result.ts';
import { percentOf } from './amortization.ts';
import type { FinancingSettings } from './financing-settings.ts';

export type DownPayment = { amount: number } | { percent: number };

export interface FinancingRequest {
  downPayment?: DownPayment;
  termMonths?: number;
}

export type FinancingProblem =
  | { code: 'term_not_offered'; months: number; termsYears: number[] }
  | { code: 'down_payment_below_minimum'; downPayment: number; minimum: number; minimumPercent: number }
  | { code: 'down_payment_not_below_price'; downPayment: number; price: number };

export type CheckedRequest =
  | { ok: true; downPayment: number | null; months: number | null }
  | { ok: false; problems: FinancingProblem[] };

const PERCENT_AFTER = /^\s*(?:%|por\s?ciento|percent)/;
const MONTHS_AFTER = /^\s*(?:mensualidades|pagos|meses|abonos|payments|months)(?![a-z])/;

/** The down payment and term a message gives; what it does not give is left out. */
export function financingRequestFromMessage(understanding: ParseResult): FinancingRequest {
  const folded = foldText(understanding.text);
  const request: FinancingRequest = {};
  for (const entity of understanding.entities) {
    const after = folded.slice(entity.end);
    if (entity.entity === 'duration' && typeof entity.value === 'number') {
      if (entity.unit === 'year') request.termMonths ??= Math.round(entity.value * 12);
      else if (entity.unit === 'month') request.termMonths ??= Math.round(entity.value);
    } else if (entity.entity === 'number' && typeof entity.value === 'number') {
      if (PERCENT_AFTER.test(after)) request.downPayment ??= { percent: entity.value };
      else if (MONTHS_AFTER.test(after)) request.termMonths ??= entity.value;
      else if (entity.value >= 1000 && !isYear(entity.value))
        request.downPayment ??= { amount: entity.value };
    } else if (entity.entity === 'amount-of-money' && typeof entity.value === 'number') {
      request.downPayment ??= { amount: entity.value };
    }
  }
  return request;
}

/** Checks a request against a car's price and the tenant's conditions; all problems are reported at once. */
export function checkFinancingRequest(
  request: FinancingRequest,
  price: number,
  settings: FinancingSettings,
): CheckedRequest {
  const problems: FinancingProblem[] = [];
  const months = request.termMonths ?? null;
  if (months !== null && !settings.termsYears.some((years) => years * 12 === months)) {
    problems.push({ code: 'term_not_offered', months, termsYears: settings.termsYears });
  }
  let downPayment: number | null = null;
  if (request.downPayment) {
    downPayment =
      'amount' in request.downPayment
        ? Math.round(request.downPayment.amount)
        : percentOf(price, request.downPayment.percent);
    const minimum = percentOf(price, settings.minimumDownPaymentPercent);
    if (downPayment >= price) {
      problems.push({ code: 'down_payment_not_below_price', downPayment, price });
    } else if (downPayment < minimum) {
      problems.push({
        code: 'down_payment_below_minimum',
        downPayment,
        minimum,
        minimumPercent: settings.minimumDownPaymentPercent,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, downPayment, months };
}

/** The template key and variables that explain a problem to the customer. */
export function describeProblem(
  problem: FinancingProblem,
  money: (amount: number) => string,
): { key: string; variables: Record<string, string | number> } {
  switch (problem.code) {
    case 'term_not_offered':
      return {
        key: 'financing.problem.term_not_offered',
        variables: {
          months: problem.months,
          minYears: Math.min(...problem.termsYears),
          maxYears: Math.max(...problem.termsYears),
          terms: problem.termsYears.map((years) => years * 12).join(', '),
        },
      };
    case 'down_payment_below_minimum':
      return {
        key: 'financing.problem.down_payment_below_minimum',
        variables: {
          downPayment: money(problem.downPayment),
          minimum: money(problem.minimum),
          minimumPercent: problem.minimumPercent,
        },
      };
    case 'down_payment_not_below_price':
      return {
        key: 'financing.problem.down_payment_not_below_price',
        variables: { downPayment: money(problem.downPayment), price: money(problem.price) },
      };
  }
}

function isYear(value: number): boolean {
  return Number.isInteger(value) && value >= 1980 && value <= 2100;
}
