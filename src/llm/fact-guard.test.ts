import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMoney, type FormatOptions } from '../dialogue/format.ts';
import { canonicalNumber, checkRewrite, factsOf, readFacts } from './fact-guard.ts';

const COP: FormatOptions = { tenant: { currency: 'COP', timezone: 'America/Bogota' }, locale: 'es' };
const MXN: FormatOptions = { tenant: { currency: 'MXN', timezone: 'America/Mexico_City' }, locale: 'es' };
const ENGLISH: FormatOptions = { tenant: { currency: 'USD', timezone: 'America/Bogota' }, locale: 'en' };

/** Tuesday 24 November 2026, 10:00 in Bogotá. */
const TUESDAY_TEN = '2026-11-24T10:00:00-05:00';

function verdict(template: string, variables: Record<string, string | number>, rewrite: string) {
  return checkRewrite(rewrite, template, factsOf(template, variables));
}

describe('canonicalNumber', () => {
  it('writes one amount one way, however it was grouped', () => {
    for (const written of ['$ 1.200.000', '1200000', '1,200,000.00', '1.200.000,00', '$1.200.000'])
      expect(canonicalNumber(written), written).toBe('1200000');
  });

  it('keeps decimals and reads a single group of three digits as thousands', () => {
    expect(canonicalNumber('1,5')).toBe('1.5');
    expect(canonicalNumber('1.50')).toBe('1.5');
    expect(canonicalNumber('371,000.50')).toBe('371000.5');
    expect(canonicalNumber('1.200')).toBe('1200');
  });
});

describe('readFacts', () => {
  it('reads the dates, times and amounts the reply formatter writes', () => {
    const text = `${formatDateTime(TUESDAY_TEN, COP)} por ${formatMoney(150_000, COP)}`;
    expect(text).toBe('martes 24 de noviembre, 10:00 a. m. por $150.000');
    expect(readFacts(text).map((fact) => fact.canonical)).toEqual(['d:24-11', 't:10:00', 'n:150000']);
  });

  it('reads afternoon times in 24 hours and English dates as the same day', () => {
    const afternoon = formatDateTime('2026-11-24T15:00:00-05:00', ENGLISH);
    expect(afternoon).toBe('Tuesday, November 24, 3:00 PM');
    expect(readFacts(afternoon).map((fact) => fact.canonical)).toEqual(['d:24-11', 't:15:00']);
    expect(readFacts('a las 15:00 del 24/11').map((fact) => fact.canonical)).toEqual(['d:24-11', 't:15:00']);
  });

  it('reads phone numbers, emails and links whole', () => {
    const facts = readFacts(
      'Llama al +57 300 123 4567, escribe a citas@bella.co o entra a https://bella.co/citas.',
    );
    expect(facts.map((fact) => fact.canonical)).toEqual([
      'u:bella.co/citas',
      'e:citas@bella.co',
      'n:573001234567',
    ]);
  });
});

describe('checkRewrite', () => {
  const template = `Tu limpieza facial con Andrés quedó para el ${formatDateTime(TUESDAY_TEN, COP)}. Valor: ${formatMoney(150_000, COP)}.`;
  const variables = {
    service: 'Limpieza facial',
    professional: 'Andrés',
    when: formatDateTime(TUESDAY_TEN, COP),
    price: formatMoney(150_000, COP),
  };

  it('accepts a rewrite that keeps every fact, however it writes them (COP)', () => {
    expect(
      verdict(
        template,
        variables,
        '¡Listo! Andres te espera el martes 24 de noviembre a las 10:00 a.m. para tu Limpieza Facial, por $ 150.000 pesos.',
      ),
    ).toEqual({ ok: true });
    expect(
      verdict(
        template,
        variables,
        'Limpieza facial con Andrés: 24 de noviembre, 10 AM, 150000. ¡Te esperamos en la mañana!',
      ),
    ).toEqual({ ok: true });
  });

  it('rejects a changed price, naming what was lost and what was added', () => {
    expect(
      verdict(
        template,
        variables,
        'Tu limpieza facial con Andrés: martes 24 de noviembre, 10:00 a. m., $ 120.000.',
      ),
    ).toEqual({
      ok: false,
      missing: [expect.objectContaining({ kind: 'number', canonical: 'n:150000' })],
      added: ['120.000'],
    });
  });

  it('rejects a changed time, a changed weekday and a relative day', () => {
    const changedTime = 'Limpieza facial con Andrés el martes 24 de noviembre, 11:00 a. m., $150.000.';
    expect(verdict(template, variables, changedTime)).toMatchObject({ ok: false, added: ['11:00 a. m.'] });
    const afternoon = 'Limpieza facial con Andrés el martes 24 de noviembre, 10:00 p. m., $150.000.';
    expect(verdict(template, variables, afternoon)).toMatchObject({ ok: false, added: ['10:00 p. m.'] });
    const weekday = 'Limpieza facial con Andrés el miércoles 24 de noviembre, 10:00 a. m., $150.000.';
    expect(verdict(template, variables, weekday)).toMatchObject({ ok: false, added: ['miercoles'] });
    const tomorrow = 'Limpieza facial con Andrés mañana 24 de noviembre, 10:00 a. m., $150.000.';
    expect(verdict(template, variables, tomorrow)).toMatchObject({ ok: false, added: ['manana'] });
  });

  it('rejects a time it cannot read for sure and an amount in words', () => {
    const bareHour = 'Limpieza facial con Andrés el martes 24 de noviembre a las 10, $150.000.';
    expect(verdict(template, variables, bareHour)).toMatchObject({ ok: false, added: ['10'] });
    const words =
      'Limpieza facial con Andrés el martes 24 de noviembre, 10:00 a. m., ciento cincuenta mil pesos.';
    expect(verdict(template, variables, words)).toMatchObject({
      ok: false,
      missing: [expect.objectContaining({ canonical: 'n:150000' })],
    });
  });

  it('rejects a rewrite that drops a name', () => {
    const withoutName =
      'Tu limpieza facial quedó para el martes 24 de noviembre, 10:00 a. m. Valor: $150.000.';
    expect(verdict(template, variables, withoutName)).toMatchObject({
      ok: false,
      missing: [expect.objectContaining({ kind: 'name', text: 'Andrés' })],
    });
  });

  it('compares MXN amounts and Mexican times written other ways', () => {
    const mexican = `Tu plan: 12 cuotas de ${formatMoney(30_916.67, MXN)}, total ${formatMoney(371_000, MXN)}, cita ${formatDateTime(TUESDAY_TEN, MXN)}.`;
    expect(mexican).toBe(
      'Tu plan: 12 cuotas de $30,916.67, total $371,000, cita martes 24 de noviembre, 9:00 a.m..',
    );
    expect(
      verdict(
        mexican,
        {},
        'Serían 12 pagos de $30,916.67 (total 371000.00) y te vemos el martes 24 de noviembre a las 9:00 am.',
      ),
    ).toEqual({ ok: true });
    expect(
      verdict(
        mexican,
        {},
        'Serían 12 pagos de $30,961.67 (total $371,000) el martes 24 de noviembre, 9:00 a.m.',
      ),
    ).toMatchObject({ ok: false, added: ['30,961.67'] });
  });

  it('keeps ids, emails, links and phone numbers, and refuses new ones', () => {
    const ticket = 'Tu caso CASO-0042 quedó abierto. Escríbenos a soporte@red.co o llama al 601 234 5678.';
    const facts = { ticket: 'CASO-0042' };
    expect(
      verdict(ticket, facts, 'Abrimos el caso caso-0042. Dudas: soporte@red.co o (601) 234-5678.'),
    ).toEqual({ ok: true });
    expect(verdict(ticket, facts, 'Abrimos tu caso. Dudas: soporte@red.co o 601 234 5678.')).toMatchObject({
      ok: false,
      missing: expect.arrayContaining([expect.objectContaining({ kind: 'id', text: 'CASO-0042' })]),
    });
    expect(
      verdict(
        ticket,
        facts,
        'Caso CASO-0042 abierto. Dudas: soporte@red.co, 6012345678 o https://red.co/ayuda',
      ),
    ).toMatchObject({ ok: false, added: ['https://red.co/ayuda'] });
    expect(
      verdict(ticket, facts, 'Caso CASO-0042 abierto. Dudas: ventas@red.co o 601 234 5678.'),
    ).toMatchObject({ ok: false, added: ['ventas@red.co'] });
  });

  it('does not ask for variables the template did not use', () => {
    expect(
      verdict('¡Hola! ¿En qué te ayudo?', { name: 'Lucía', id: 'C-991' }, 'Hola, ¿cómo te ayudo?'),
    ).toEqual({
      ok: true,
    });
  });
});
