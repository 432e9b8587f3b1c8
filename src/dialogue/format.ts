/**
 * Money, dates and times as a tenant's customers write them: `$900.000` (COP), `$371,000` (MXN),
 * "martes 24 de noviembre, 10:00 a. m.". Templates receive these strings as variables; facts are never
 * formatted by hand in a skill.
 *
 * Every kind of Unicode space Intl emits (no-break U+00A0, narrow no-break U+202F, thin U+2009) becomes
 * a plain space: ICU versions differ in which one they put before "a. m." or after a currency symbol,
 * some phones draw U+202F as a box, and plain spaces keep replies identical across Node versions.
 */
import type { Locale } from '../skills/skill.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';

/** What formatting needs to know: the tenant (currency, time zone) and the turn's locale. `TurnContext` fits. */
export interface FormatOptions {
  tenant: Pick<TenantConfig, 'currency' | 'timezone'>;
  locale: Locale;
}

/**
 * The region whose conventions a Spanish-speaking tenant's customers expect, from its currency. A
 * currency not listed is written with neutral Spanish (`es`) conventions.
 */
const SPANISH_REGION_BY_CURRENCY: Record<string, string> = {
  ARS: 'AR',
  BOB: 'BO',
  CLP: 'CL',
  COP: 'CO',
  CRC: 'CR',
  DOP: 'DO',
  EUR: 'ES',
  GTQ: 'GT',
  HNL: 'HN',
  MXN: 'MX',
  NIO: 'NI',
  PAB: 'PA',
  PEN: 'PE',
  PYG: 'PY',
  USD: 'US',
  UYU: 'UY',
  VES: 'VE',
};

/** The BCP 47 tag used with Intl: `es-CO` for a COP tenant in Spanish; `en-US` in English. */
export function intlLocale({ tenant, locale }: FormatOptions): string {
  if (locale === 'en') return 'en-US';
  const region = SPANISH_REGION_BY_CURRENCY[tenant.currency];
  return region ? `es-${region}` : 'es';
}

const UNICODE_SPACES = /[\u00a0\u2007\u2009\u202f]/g;

function plainSpaces(text: string): string {
  return text.replace(UNICODE_SPACES, ' ');
}

/**
 * An amount in the tenant's currency: whole amounts without decimals (`$900.000`), others with the
 * currency's usual decimals. The space some locales put after a `$` is left out, as prices are written
 * in Colombia and Mexico.
 */
export function formatMoney(amount: number, options: FormatOptions): string {
  const format = new Intl.NumberFormat(intlLocale(options), {
    style: 'currency',
    currency: options.tenant.currency,
    currencyDisplay: 'narrowSymbol',
    ...(Number.isInteger(amount) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
  });
  return plainSpaces(format.format(amount)).replace(/^(-?)\$ /, '$1$');
}

function toDate(date: Date | string): Date {
  const parsed = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(parsed.getTime()))
    throw new Error(
      `cannot format ${JSON.stringify(String(date))} as a date: give a Date or an ISO date-time`,
    );
  return parsed;
}

function dateParts(date: Date | string, options: FormatOptions, fields: Intl.DateTimeFormatOptions) {
  const parts = new Intl.DateTimeFormat(intlLocale(options), {
    timeZone: options.tenant.timezone,
    ...fields,
  }).formatToParts(toDate(date));
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
}

/** The day in the tenant's time zone: "martes 24 de noviembre", "Tuesday, November 24". */
export function formatDate(date: Date | string, options: FormatOptions): string {
  const part = dateParts(date, options, { weekday: 'long', day: 'numeric', month: 'long' });
  return options.locale === 'en'
    ? `${part('weekday')}, ${part('month')} ${part('day')}`
    : `${part('weekday')} ${part('day')} de ${part('month')}`;
}

/** The time of day in the tenant's time zone: "10:00 a. m." (es-CO), "10:00 AM" (en). */
export function formatTime(date: Date | string, options: FormatOptions): string {
  const format = new Intl.DateTimeFormat(intlLocale(options), {
    timeZone: options.tenant.timezone,
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  return plainSpaces(format.format(toDate(date)));
}

/** Day and time: "martes 24 de noviembre, 10:00 a. m.", "Tuesday, November 24, 10:00 AM". */
export function formatDateTime(date: Date | string, options: FormatOptions): string {
  return `${formatDate(date, options)}, ${formatTime(date, options)}`;
}
