import { describe, expect, it } from 'vitest';
import { MONDAY_9AM, at, between, findTimes, onlyTime } from './testing.ts';

describe('times of day (now is 09:00 on Monday 23 Nov 2026)', () => {
  it.each([
    ['a las 10', '2026-11-23T10:00:00', 'hour'],
    ['a las 11', '2026-11-23T11:00:00', 'hour'],
    ['a las 12', '2026-11-23T12:00:00', 'hour'],
    ['a la 1', '2026-11-23T13:00:00', 'hour'],
    ['a las 5', '2026-11-23T17:00:00', 'hour'],
    ['a las tres y media', '2026-11-23T15:30:00', 'minute'],
    ['a las 4 menos cuarto', '2026-11-23T15:45:00', 'minute'],
    ['las doce y cuarto', '2026-11-23T12:15:00', 'minute'],
    ['a las dos cuarenta', '2026-11-23T14:40:00', 'minute'],
    ['a las 10 en punto', '2026-11-23T10:00:00', 'hour'],
  ])('reads "%s" in business hours', (text, expected, grain) => {
    expect(onlyTime(text)).toEqual(at(expected, grain));
  });

  it.each([
    ['a las 8 de la noche', '2026-11-23T20:00:00', 'hour'],
    ['a las 7 de la mañana', '2026-11-24T07:00:00', 'hour'],
    ['a las 2 de la madrugada', '2026-11-24T02:00:00', 'hour'],
    ['a las 12 de la noche', '2026-11-24T00:00:00', 'hour'],
    ['a las 3 del mediodía', '2026-11-23T15:00:00', 'hour'],
    ['3pm', '2026-11-23T15:00:00', 'hour'],
    ['a las 9 a.m.', '2026-11-23T09:00:00', 'hour'],
    ['a las 11:30 p. m.', '2026-11-23T23:30:00', 'minute'],
    ['15:30', '2026-11-23T15:30:00', 'minute'],
    ['a las 20.30', '2026-11-23T20:30:00', 'minute'],
    ['a las 8:00:31 de la mañana', '2026-11-24T08:00:31', 'second'],
    ['tres de la tarde', '2026-11-23T15:00:00', 'hour'],
    ['ocho y veinte de la noche', '2026-11-23T20:20:00', 'minute'],
    ['mediodía', '2026-11-23T12:00:00', 'hour'],
    ['medianoche', '2026-11-24T00:00:00', 'hour'],
    ['at 10 am', '2026-11-23T10:00:00', 'hour'],
    ['at noon', '2026-11-23T12:00:00', 'hour'],
  ])('reads "%s" as written', (text, expected, grain) => {
    expect(onlyTime(text)).toEqual(at(expected, grain));
  });

  it('moves a time of day already past to tomorrow, but not one said of today', () => {
    expect(onlyTime('a las 8')).toEqual(at('2026-11-24T08:00:00', 'hour'));
    expect(onlyTime('hoy a las 8')).toEqual(at('2026-11-23T08:00:00', 'hour'));
    expect(onlyTime('a las 9')).toEqual(at('2026-11-23T09:00:00', 'hour'));
  });

  it('combines a day and a time in either order', () => {
    expect(onlyTime('el 24 de diciembre a las 8pm')).toEqual(at('2026-12-24T20:00:00', 'hour'));
    expect(onlyTime('27/11 a las 23')).toEqual(at('2026-11-27T23:00:00', 'hour'));
    expect(onlyTime('a las 7 del próximo domingo')).toEqual(at('2026-12-06T19:00:00', 'hour'));
    expect(onlyTime('a las 8:30 p.m. hoy')).toEqual(at('2026-11-23T20:30:00', 'minute'));
    expect(onlyTime('por la tarde a las siete')).toEqual(at('2026-11-23T19:00:00', 'hour'));
    expect(onlyTime('a las diez esta noche')).toEqual(at('2026-11-23T22:00:00', 'hour'));
  });

  it('reads the end of the day as its last second', () => {
    expect(onlyTime('al final del día')).toEqual(at('2026-11-23T23:59:59', 'second'));
    expect(onlyTime('al final del domingo')).toEqual(at('2026-11-29T23:59:59', 'second'));
  });

  it('reads parts of the day as intervals, today or the next day when past', () => {
    expect(onlyTime('en la mañana')).toEqual(between('2026-11-23T06:00:00', '2026-11-23T12:00:00', 'hour'));
    expect(onlyTime('esta noche')).toEqual(between('2026-11-23T19:00:00', '2026-11-24T00:00:00', 'hour'));
    expect(onlyTime('anoche')).toEqual(between('2026-11-22T19:00:00', '2026-11-23T00:00:00', 'hour'));
    expect(onlyTime('de madrugada')).toEqual(between('2026-11-24T00:00:00', '2026-11-24T06:00:00', 'hour'));
    const evening = { ...MONDAY_9AM, now: new Date('2026-11-24T01:00:00Z') }; // 20:00 in Bogotá
    expect(onlyTime('en la tarde', evening)).toEqual(
      between('2026-11-24T12:00:00', '2026-11-24T19:00:00', 'hour'),
    );
  });

  it('does not read greetings, counts or durations as times', () => {
    expect(findTimes('buenas tardes, buenas noches')).toEqual([]);
    expect(findTimes('las 3 horas de clase')).toEqual([]);
    expect(findTimes('tengo 37.1 por la mañana')).toEqual([
      {
        text: 'por la mañana',
        value: between('2026-11-23T06:00:00', '2026-11-23T12:00:00', 'hour').value,
        grain: 'hour',
      },
    ]);
  });
});
