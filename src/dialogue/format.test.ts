import { describe, expect, it } from 'vitest';
import { testTenant } from '../../test/support/test-config.ts';
import { formatDate, formatDateTime, formatMoney, formatTime, intlLocale } from './format.ts';

const colombia = {
  tenant: testTenant({ currency: 'COP', timezone: 'America/Bogota' }),
  locale: 'es' as const,
};
const mexico = {
  tenant: testTenant({ currency: 'MXN', timezone: 'America/Mexico_City' }),
  locale: 'es' as const,
};
const TUESDAY_10_BOGOTA = '2026-11-24T10:00:00.000-05:00';

describe('formatMoney', () => {
  it('writes pesos as Colombia and Mexico do, without decimals for whole amounts', () => {
    expect(formatMoney(900000, colombia)).toBe('$900.000');
    expect(formatMoney(371000, mexico)).toBe('$371,000');
    expect(formatMoney(-1500, colombia)).toBe('-$1.500');
  });

  it('keeps the currency’s decimals for amounts that have them', () => {
    expect(formatMoney(12.5, mexico)).toBe('$12.50');
    expect(formatMoney(12.5, { tenant: testTenant({ currency: 'EUR' }), locale: 'es' })).toBe('12,50 €');
  });

  it('writes English replies with English separators', () => {
    expect(formatMoney(900000, { ...colombia, locale: 'en' })).toBe('$900,000');
  });

  it('uses plain spaces only', () => {
    const amount = formatMoney(900000, { tenant: testTenant({ currency: 'PEN' }), locale: 'es' });
    expect(amount).toBe('S/ 900,000');
  });
});

describe('dates and times', () => {
  it('writes the day and time in the tenant’s time zone and language', () => {
    expect(formatDateTime(TUESDAY_10_BOGOTA, colombia)).toBe('martes 24 de noviembre, 10:00 a. m.');
    expect(formatDateTime(new Date(TUESDAY_10_BOGOTA), { ...colombia, locale: 'en' })).toBe(
      'Tuesday, November 24, 10:00 AM',
    );
  });

  it('converts to the tenant’s zone: 10:00 in Bogotá is 9:00 in Mexico City', () => {
    expect(formatTime(TUESDAY_10_BOGOTA, mexico)).toBe('9:00 a.m.');
    expect(formatDate('2026-11-25T03:00:00.000Z', colombia)).toBe('martes 24 de noviembre');
  });

  it('has no no-break spaces in its output', () => {
    for (const text of [formatTime(TUESDAY_10_BOGOTA, colombia), formatDateTime(TUESDAY_10_BOGOTA, mexico)])
      expect(text).not.toMatch(/[\u00a0\u202f\u2009]/);
  });

  it('says which value is not a date', () => {
    expect(() => formatDate('mañana', colombia)).toThrow(
      'cannot format "mañana" as a date: give a Date or an ISO date-time',
    );
  });
});

describe('intlLocale', () => {
  it('reads the region from the currency in Spanish, and uses en-US in English', () => {
    expect(intlLocale(colombia)).toBe('es-CO');
    expect(intlLocale(mexico)).toBe('es-MX');
    expect(intlLocale({ tenant: testTenant({ currency: 'JPY' }), locale: 'es' })).toBe('es');
    expect(intlLocale({ ...colombia, locale: 'en' })).toBe('en-US');
  });
});
