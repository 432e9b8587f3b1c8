import { describe, expect, it } from 'vitest';
import { foldText } from './folded-text.ts';
import { extractDurations, parseDuration } from './durations.ts';

function durations(text: string) {
  return extractDurations(foldText(text)).map((entity) => ({
    text: text.slice(entity.start, entity.end),
    value: entity.value,
    unit: entity['unit'],
    normalized: entity['normalized'],
  }));
}

const seconds = (value: number) => ({ value, unit: 'second' });

describe('duration', () => {
  it('reads an amount of a unit, normalised in seconds (30-day months, 365-day years)', () => {
    expect(durations('financiado a 4 años')).toEqual([
      { text: '4 años', value: 4, unit: 'year', normalized: seconds(126_144_000) },
    ]);
    expect(durations('48 meses')).toEqual([
      { text: '48 meses', value: 48, unit: 'month', normalized: seconds(124_416_000) },
    ]);
    expect(durations('cuarenta y ocho meses')[0]?.value).toBe(48);
  });

  it.each([
    ['media hora', 0.5, 'hour', 1800],
    ['una hora y media', 1.5, 'hour', 5400],
    ['una hora y 30 minutos', 90, 'minute', 5400],
    ['tres años y medio', 3.5, 'year', 110_376_000],
    ['un año y tres meses', 15, 'month', 39_312_000],
    ['cuarto de hora', 15, 'minute', 900],
    ['dos noches', 2, 'day', 172_800],
    ['5h', 5, 'hour', 18_000],
    ['2 weeks', 2, 'week', 1_209_600],
    ['an hour', 1, 'hour', 3600],
  ])('reads "%s"', (text, value, unit, normalized) => {
    expect(parseDuration(foldText(text))).toEqual({ value, unit, normalized: seconds(normalized) });
  });

  it('does not read articles or words as amounts', () => {
    expect(durations('ah ok')).toEqual([]);
    expect(durations('va a días')).toEqual([]);
    expect(durations('muchas horas')).toEqual([]);
  });
});
