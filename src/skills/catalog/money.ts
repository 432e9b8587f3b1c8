/**
 * Money as customers read it: the tenant's currency, its country's conventions, no cents
 * (MXN → "$371,000", COP → "$ 371.000"). The country is taken from the currency code (MXN → MX), which
 * holds for the currencies of the countries Orquesta serves.
 */
import type { Locale } from '../skill.ts';

export type FormatMoney = (amount: number) => string;

export function createMoneyFormatter(locale: Locale, currency: string): FormatMoney {
  const format = new Intl.NumberFormat(`${locale}-${currency.slice(0, 2)}`, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    maximumFractionDigits: 0,
  });
  return (amount) => format.format(amount);
}

/** A whole number with the locale's grouping, for kilometres: "45,300". */
export function formatWholeNumber(locale: Locale, currency: string, value: number): string {
  return new Intl.NumberFormat(`${locale}-${currency.slice(0, 2)}`, { maximumFractionDigits: 0 }).format(
    value,
  );
}
