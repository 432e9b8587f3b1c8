import { describe, expect, it } from 'vitest';
import { MONDAY_9AM, at, between, day, findTimes as times, onlyTime } from './testing.ts';
import type { TimeContext } from './time-extractor.ts';

function timeOf(text: string, context: TimeContext = MONDAY_9AM) {
  const found = onlyTime(text, context);
  expect(found, `one time in "${text}"`).not.toBeNull();
  return found;
}

describe('time: the examples of the issue, on Monday 23 Nov 2026 at 09:00 in Bogotá', () => {
  it('prefers the future for days of the week', () => {
    expect(timeOf('el lunes')).toEqual(day('2026-11-30'));
    expect(timeOf('este viernes')).toEqual(day('2026-11-27'));
    expect(timeOf('el próximo martes')).toEqual(day('2026-12-01'));
  });

  it('resolves a day with a time of day in the tenant zone', () => {
    expect(timeOf('mañana a las 3 de la tarde')).toEqual(at('2026-11-24T15:00:00', 'hour'));
  });

  it('reads a bare hour in business hours', () => {
    expect(timeOf('a las 10')).toEqual(at('2026-11-23T10:00:00', 'hour'));
    expect(timeOf('a las 3')).toEqual(at('2026-11-23T15:00:00', 'hour'));
    expect(timeOf('a las 7')).toEqual(at('2026-11-23T19:00:00', 'hour'));
    expect(timeOf('a las 8')).toEqual(at('2026-11-24T08:00:00', 'hour')); // 08:00 today has passed
    expect(timeOf('a las 3:30')).toEqual(at('2026-11-23T15:30:00', 'minute'));
    expect(timeOf('a mediodía')).toEqual(at('2026-11-23T12:00:00', 'hour'));
  });

  it('lets the meridiem, the part of the day or a 24-hour time override business hours', () => {
    expect(timeOf('a las 10 de la noche')).toEqual(at('2026-11-23T22:00:00', 'hour'));
    expect(timeOf('a las 3 de la mañana')).toEqual(at('2026-11-24T03:00:00', 'hour'));
    expect(timeOf('a las 3 am')).toEqual(at('2026-11-24T03:00:00', 'hour'));
    expect(timeOf('a las 11 p.m.')).toEqual(at('2026-11-23T23:00:00', 'hour'));
    expect(timeOf('a las 15:00')).toEqual(at('2026-11-23T15:00:00', 'minute'));
    expect(timeOf('a las 07:30')).toEqual(at('2026-11-24T07:30:00', 'minute'));
  });

  it('resolves dates without a year to the next one', () => {
    expect(timeOf('el 2 de enero')).toEqual(day('2027-01-02'));
    expect(timeOf('15/12')).toEqual(day('2026-12-15'));
    expect(timeOf('diciembre 15')).toEqual(day('2026-12-15'));
    expect(timeOf('el 23 de noviembre')).toEqual(day('2026-11-23')); // today is not past
  });

  it('resolves relative days and offsets from now', () => {
    expect(timeOf('hoy')).toEqual(day('2026-11-23'));
    expect(timeOf('pasado mañana')).toEqual(day('2026-11-25'));
    expect(timeOf('en 2 horas')).toEqual(at('2026-11-23T11:00:00', 'minute'));
    expect(timeOf('dentro de una semana')).toEqual(day('2026-11-30'));
  });

  it('understands English', () => {
    expect(timeOf('tomorrow at 3pm')).toEqual(at('2026-11-24T15:00:00', 'hour'));
    expect(timeOf('next friday')).toEqual(day('2026-12-04'));
    expect(timeOf('today')).toEqual(day('2026-11-23'));
    expect(timeOf('on december 5th')).toEqual(day('2026-12-05'));
    expect(timeOf('in 3 days')).toEqual(day('2026-11-26'));
    expect(timeOf('tomorrow morning')).toEqual(between('2026-11-24T06:00:00', '2026-11-24T12:00:00', 'hour'));
    expect(times('good morning')).toEqual([]);
  });
});

describe('time: intervals', () => {
  it('reads ranges of hours, with the meridiem said once', () => {
    expect(timeOf('entre las 3 y las 5')).toEqual(
      between('2026-11-23T15:00:00', '2026-11-23T17:00:00', 'hour'),
    );
    expect(timeOf('de 9 a 12')).toEqual(between('2026-11-23T09:00:00', '2026-11-23T12:00:00', 'hour'));
    expect(timeOf('de 5 a 7')).toEqual(between('2026-11-23T17:00:00', '2026-11-23T19:00:00', 'hour'));
    // 7 alone would be 19:00, but not before 9: 07:00–09:00, tomorrow since today's has passed
    expect(timeOf('de 7 a 9')).toEqual(between('2026-11-24T07:00:00', '2026-11-24T09:00:00', 'hour'));
    expect(timeOf('entre 3 y 5 de la tarde')).toEqual(
      between('2026-11-23T15:00:00', '2026-11-23T17:00:00', 'hour'),
    );
    expect(timeOf('de 10 a.m. a 12 p.m. el lunes')).toEqual(
      between('2026-11-30T10:00:00', '2026-11-30T12:00:00', 'hour'),
    );
  });

  it('reads parts of the day', () => {
    expect(timeOf('en la tarde')).toEqual(between('2026-11-23T12:00:00', '2026-11-23T19:00:00', 'hour'));
    expect(timeOf('mañana por la noche')).toEqual(
      between('2026-11-24T19:00:00', '2026-11-25T00:00:00', 'hour'),
    );
    expect(timeOf('el viernes en la mañana')).toEqual(
      between('2026-11-27T06:00:00', '2026-11-27T12:00:00', 'hour'),
    );
  });

  it('reads weeks, ranges of days and open ranges', () => {
    expect(timeOf('esta semana')).toEqual(between('2026-11-23T00:00:00', '2026-11-30T00:00:00', 'week'));
    expect(timeOf('del 2 al 5 de enero')).toEqual(
      between('2027-01-02T00:00:00', '2027-01-06T00:00:00', 'day'),
    );
    expect(timeOf('de lunes a viernes')).toEqual(
      between('2026-11-23T00:00:00', '2026-11-28T00:00:00', 'day'),
    );
    expect(timeOf('antes de las 4')).toEqual({
      value: { to: '2026-11-23T16:00:00.000-05:00' },
      grain: 'hour',
    });
    expect(timeOf('a partir de mañana')).toEqual({
      value: { from: '2026-11-24T00:00:00.000-05:00' },
      grain: 'day',
    });
  });
});

describe('time: offsets in the original text', () => {
  it('covers the whole expression, accents and all, and leaves the rest of the message', () => {
    const text = '¿Me agendás el próximo martes a las 3 pm? Gracias 🙏';
    expect(times(text)).toEqual([
      { text: 'el próximo martes a las 3 pm', value: '2026-12-01T15:00:00.000-05:00', grain: 'hour' },
    ]);
  });

  it('finds several expressions in one message', () => {
    expect(times('cambiar la cita de mañana para el jueves a las 4').map((found) => found.text)).toEqual([
      'mañana',
      'el jueves a las 4',
    ]);
  });
});

describe('time: zones', () => {
  it('gives each instant the offset of its own day in a zone with daylight saving time', () => {
    // Monday 23 Nov 2026 09:00 in New York (EST); 15 July is in EDT
    const newYork = { now: new Date('2026-11-23T14:00:00Z'), timezone: 'America/New_York' };
    expect(timeOf('el 15 de julio a las 3', newYork)).toEqual({
      value: '2027-07-15T15:00:00.000-04:00',
      grain: 'hour',
    });
    expect(timeOf('mañana a las 3', newYork)).toEqual({
      value: '2026-11-24T15:00:00.000-05:00',
      grain: 'hour',
    });
    const madrid = { now: new Date('2026-03-27T09:00:00Z'), timezone: 'Europe/Madrid' };
    // the clocks go forward on Sunday 29 March: Sunday's 10:00 has the new offset
    expect(timeOf('el domingo a las 10', madrid)).toEqual({
      value: '2026-03-29T10:00:00.000+02:00',
      grain: 'hour',
    });
    expect(timeOf('hoy a las 10', madrid)).toEqual({ value: '2026-03-27T10:00:00.000+01:00', grain: 'hour' });
  });

  it('reads "today" on the tenant clock, not in UTC', () => {
    // 23:30 on Monday in Mexico City is already Tuesday in UTC
    const lateMonday = { now: new Date('2026-11-24T05:30:00Z'), timezone: 'America/Mexico_City' };
    expect(timeOf('hoy', lateMonday)).toEqual({ value: '2026-11-23T00:00:00.000-06:00', grain: 'day' });
    expect(timeOf('mañana a las 9', lateMonday)).toEqual({
      value: '2026-11-24T09:00:00.000-06:00',
      grain: 'hour',
    });
  });
});
