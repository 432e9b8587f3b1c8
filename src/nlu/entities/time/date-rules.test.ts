import { describe, expect, it } from 'vitest';
import { MONDAY_9AM, at, day, findTimes, onlyTime } from './testing.ts';

describe('single days (today is Monday 23 Nov 2026)', () => {
  it.each([
    ['el 3 de enero del 2027', '2027-01-03'],
    ['3 de enero de 2027', '2027-01-03'],
    ['el 4 de julio, 2027', '2027-07-04'],
    ['diez de octubre de dos mil veintisiete', '2027-10-10'],
    ['el veintidós de febrero', '2027-02-22'],
    ['primero de enero', '2027-01-01'],
    ['el 1ro de diciembre', '2026-12-01'],
    ['segundo de agosto', '2027-08-02'],
    ['31-dic-2026', '2026-12-31'],
    ['4-Jul-27', '2027-07-04'],
    ['01/agosto/2027', '2027-08-01'],
    ['2027-01-10', '2027-01-10'],
    ['24/12/2026', '2026-12-24'],
    ['el 9 de 8 de 2027', '2027-08-09'],
    ['el 17 del 12', '2026-12-17'],
    ['december 15th', '2026-12-15'],
  ])('reads the written date "%s"', (text, expected) => {
    expect(onlyTime(text)).toEqual(day(expected));
  });

  it('reads day/month, and month/day when the day cannot be a month', () => {
    expect(onlyTime('el 30/11')).toEqual(day('2026-11-30'));
    expect(onlyTime('12/15')).toEqual(day('2026-12-15'));
    expect(onlyTime('el 5/1')).toEqual(day('2027-01-05'));
  });

  it('does not take decimals or impossible dates for dates', () => {
    expect(findTimes('cuesta 12.5')).toEqual([]);
    expect(findTimes('el 30 de febrero')).toEqual([]);
    expect(onlyTime('el 29 de febrero')).toEqual(day('2028-02-29'));
  });

  it.each([
    ['hoy', '2026-11-23'],
    ['mañana', '2026-11-24'],
    ['pasado mañana', '2026-11-25'],
    ['ayer', '2026-11-22'],
    ['anteayer', '2026-11-21'],
    ['dos días después de hoy', '2026-11-25'],
    ['tres semanas a partir de mañana', '2026-12-15'],
    ['yesterday', '2026-11-22'],
  ])('reads the relative day "%s"', (text, expected) => {
    expect(onlyTime(text)).toEqual(day(expected));
  });

  it.each([
    ['el domingo', '2026-11-29'],
    ['el lunes', '2026-11-30'],
    ['este lunes', '2026-11-23'],
    ['este viernes', '2026-11-27'],
    ['el próximo martes', '2026-12-01'],
    ['el martes que viene', '2026-12-01'],
    ['el lunes de la próxima semana', '2026-11-30'],
    ['la próxima semana el martes', '2026-12-01'],
    ['el miércoles pasado', '2026-11-18'],
    ['miérc.', '2026-11-25'],
    ['on monday', '2026-11-30'],
    ['last friday', '2026-11-20'],
  ])('reads the weekday "%s"', (text, expected) => {
    expect(onlyTime(text)).toEqual(day(expected));
  });

  it('reads a weekday with its date, looking for a month where they agree', () => {
    expect(onlyTime('viernes, 4 de diciembre')).toEqual(day('2026-12-04'));
    expect(onlyTime('el martes 1')).toEqual(day('2026-12-01'));
    expect(onlyTime('lunes el veintiocho')).toEqual(day('2026-12-28'));
  });

  it('keeps a bare "el 18" only when something introduces it', () => {
    expect(findTimes('quiero el 18')).toEqual([]);
    expect(onlyTime('para el 18')).toEqual(day('2026-12-18'));
    expect(onlyTime('el día 18')).toEqual(day('2026-12-18'));
    expect(onlyTime('el 15 a las 3')).toEqual(at('2026-12-15T15:00:00', 'hour'));
  });

  it('knows fixed holidays', () => {
    expect(onlyTime('navidad')).toEqual(day('2026-12-25'));
    expect(onlyTime('año nuevo')).toEqual(day('2027-01-01'));
    expect(onlyTime('el día de san valentín')).toEqual(day('2027-02-14'));
  });

  it('reads "este" with a date as this year, even when past', () => {
    expect(onlyTime('este 12/05')).toEqual(day('2026-05-12'));
  });

  it('resolves against the context clock, not the system one', () => {
    expect(onlyTime('mañana', { ...MONDAY_9AM, now: new Date('2027-02-28T12:00:00Z') })).toEqual(
      day('2027-03-01'),
    );
  });
});
