import { describe, expect, it } from 'vitest';
import { between, onlyTime } from './testing.ts';

const days = (from: string, to: string, grain = 'day') =>
  between(`${from}T00:00:00`, `${to}T00:00:00`, grain);

describe('periods as intervals, the end exclusive (today is Monday 23 Nov 2026)', () => {
  it.each([
    ['esta semana', '2026-11-23', '2026-11-30', 'week'],
    ['la semana pasada', '2026-11-16', '2026-11-23', 'week'],
    ['la próxima semana', '2026-11-30', '2026-12-07', 'week'],
    ['el fin de semana', '2026-11-28', '2026-11-30', 'day'],
    ['este mes', '2026-11-01', '2026-12-01', 'month'],
    ['el mes que viene', '2026-12-01', '2027-01-01', 'month'],
    ['el mes pasado', '2026-10-01', '2026-11-01', 'month'],
    ['en marzo', '2027-03-01', '2027-04-01', 'month'],
    ['mayo de 2027', '2027-05-01', '2027-06-01', 'month'],
    ['dic. 2026', '2026-12-01', '2027-01-01', 'month'],
    ['el año pasado', '2025-01-01', '2026-01-01', 'year'],
    ['en 2027', '2027-01-01', '2028-01-01', 'year'],
    ['el primer trimestre de 2027', '2027-01-01', '2027-04-01', 'quarter'],
    ['el próximo trimestre', '2027-01-01', '2027-04-01', 'quarter'],
    ['segundo semestre', '2026-07-01', '2027-01-01', 'month'],
    ['los años 90', '1990-01-01', '2000-01-01', 'year'],
  ])('reads "%s"', (text, from, to, grain) => {
    expect(onlyTime(text)).toEqual(days(from, to, grain));
  });

  it.each([
    ['a principios de mes', '2026-11-01', '2026-11-16', 'day'],
    ['a mediados de diciembre', '2026-12-10', '2026-12-21', 'day'],
    ['a finales de 2027', '2027-09-01', '2028-01-01', 'month'],
    ['el resto de la semana', '2026-11-23', '2026-11-30', 'day'],
    ['en lo que va del año', '2026-01-01', '2026-11-23', 'day'],
  ])('reads the part of a period "%s"', (text, from, to, grain) => {
    expect(onlyTime(text)).toEqual(days(from, to, grain));
  });

  it.each([
    ['la última semana de diciembre', '2026-12-28', '2027-01-04'],
    ['la primera semana de 2027', '2027-01-04', '2027-01-11'],
    ['semana 2', '2026-01-05', '2026-01-12'],
    ['la semana del 7 de diciembre', '2026-12-07', '2026-12-14'],
  ])('reads the week "%s" (Monday to Monday, ISO numbering)', (text, from, to) => {
    expect(onlyTime(text)).toEqual(days(from, to, 'week'));
  });

  it.each([
    ['del 2 al 5 de enero', '2027-01-02', '2027-01-06', 'day'],
    ['entre el 1 y el 4 de febrero', '2027-02-01', '2027-02-05', 'day'],
    ['del 28 de diciembre al 3 de enero', '2026-12-28', '2027-01-04', 'day'],
    ['de lunes a viernes', '2026-11-23', '2026-11-28', 'day'],
    ['de marzo a mayo', '2027-03-01', '2027-06-01', 'month'],
    ['de enero a marzo de 2027', '2027-01-01', '2027-04-01', 'month'],
    ['entre 2027 y 2029', '2027-01-01', '2030-01-01', 'year'],
  ])('reads the range "%s"', (text, from, to, grain) => {
    expect(onlyTime(text)).toEqual(days(from, to, grain));
  });

  it('reads open ranges with only one end', () => {
    expect(onlyTime('después de 2027')).toEqual(between('2028-01-01T00:00:00', null, 'year'));
    expect(onlyTime('antes del viernes')).toEqual(between(null, '2026-11-27T00:00:00', 'day'));
    expect(onlyTime('hasta el viernes')).toEqual(between(null, '2026-11-28T00:00:00', 'day'));
    expect(onlyTime('a partir del 15 de diciembre')).toEqual(between('2026-12-15T00:00:00', null, 'day'));
  });
});
