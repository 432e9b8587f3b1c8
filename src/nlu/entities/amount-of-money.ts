/**
 * The `amount-of-money` entity: a quantity with a currency ("$50.000", "USD 20", "30 dólares") or with
 * a multiplier people use for money ("300 mil", "50k", "medio millón", "2 palos", "50 lucas").
 * `value` is the number; `unit` is an ISO currency code only when the message names the currency
 * ("dólares" → USD); "pesos" and "$" alone leave it out, since the tenant's currency is not known here.
 */
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import type { Quantity } from './quantities.ts';

interface Currency {
  pattern: RegExp;
  unit?: string;
}

// Written after the quantity (", de" allowed between: "2 millones de pesos"), longest first.
const SUFFIXES: Currency[] = [
  { pattern: /^\s*(?:de\s+)?pesos?\s+colombianos/u, unit: 'COP' },
  { pattern: /^\s*(?:de\s+)?pesos?\s+mexicanos/u, unit: 'MXN' },
  { pattern: /^\s*(?:de\s+)?(?:dolares?|dollars?|bucks)(?:\s+americanos|\s+estadounidenses)?/u, unit: 'USD' },
  { pattern: /^\s*(?:de\s+)?euros?/u, unit: 'EUR' },
  { pattern: /^\s*(?:de\s+)?libras?\s+esterlinas?/u, unit: 'GBP' },
  { pattern: /^\s*(?:usd|us\$|u\$s)/u, unit: 'USD' },
  { pattern: /^\s*cop/u, unit: 'COP' },
  { pattern: /^\s*mxn/u, unit: 'MXN' },
  { pattern: /^\s*eur/u, unit: 'EUR' },
  { pattern: /^\s*€/u, unit: 'EUR' },
  { pattern: /^\s*(?:de\s+)?(?:pesos?|pesitos|barras?)/u },
  { pattern: /^\s*\$/u },
];

// Written before the quantity.
const PREFIXES: Currency[] = [
  { pattern: /(?:usd|us\$|u\$s)\s*$/u, unit: 'USD' },
  { pattern: /cop\s*\$?\s*$/u, unit: 'COP' },
  { pattern: /mxn\s*\$?\s*$/u, unit: 'MXN' },
  { pattern: /(?:€|eur)\s*$/u, unit: 'EUR' },
  { pattern: /£\s*$/u, unit: 'GBP' },
  { pattern: /\$\s*$/u },
];

// Slang multipliers that make a quantity money on their own: "2 palos" (millions), "50 lucas" (thousands).
const SLANG: { pattern: RegExp; factor: number }[] = [
  { pattern: /^\s+(?:palos?|melones?)(?![\p{L}\p{N}])/u, factor: 1e6 },
  { pattern: /^\s+(?:lucas?|lukas?)(?![\p{L}\p{N}])/u, factor: 1e3 },
];

const WORD_END = /^(?![\p{L}\p{N}])/u;

export function extractAmountsOfMoney(folded: string, quantities: Quantity[]): Entity[] {
  const found: Entity[] = [];
  for (const quantity of quantities) {
    let { start, end, value } = quantity;
    let unit: string | undefined;
    let money = false;
    const before = folded.slice(Math.max(0, start - 8), start);
    const prefix = PREFIXES.find((currency) => currency.pattern.test(before));
    if (prefix) {
      const match = prefix.pattern.exec(before);
      start -= match?.[0].length ?? 0;
      unit = prefix.unit;
      money = true;
    }
    const after = folded.slice(end);
    const slang = SLANG.find((multiplier) => multiplier.pattern.test(after));
    if (slang && !quantity.scaled) {
      end += slang.pattern.exec(after)?.[0].length ?? 0;
      value *= slang.factor;
      money = true;
    }
    const rest = folded.slice(end);
    for (const suffix of SUFFIXES) {
      const match = suffix.pattern.exec(rest);
      if (!match || !WORD_END.test(rest.slice(match[0].length))) continue;
      end += match[0].length;
      unit ??= suffix.unit;
      money = true;
      break;
    }
    if (!money && !quantity.scaled) continue;
    found.push(entityAt('amount-of-money', start, end, value, unit ? { unit } : {}));
  }
  return found;
}
