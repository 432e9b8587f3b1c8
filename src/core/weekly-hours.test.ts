import { describe, expect, it } from 'vitest';
import { parseRanges, weeklyScheduleSchema } from './weekly-hours.ts';

describe('weekly hours', () => {
  it('reads ranges per weekday in Spanish or English, accents optional; unlisted days are off', () => {
    const schedule = weeklyScheduleSchema().parse({
      lunes: '08:00-12:00, 14:00-18:00',
      miercoles: '9:30-13:00',
      Saturday: 'cerrado',
    });
    expect(schedule[1]).toEqual([
      { from: 480, to: 720 },
      { from: 840, to: 1080 },
    ]);
    expect(schedule[3]).toEqual([{ from: 570, to: 780 }]);
    expect(schedule[6]).toEqual([]);
    expect(schedule[7]).toEqual([]);
  });

  it('says what is wrong with a day or a range, and where', () => {
    const result = weeklyScheduleSchema().safeParse({ lunes: '18:00-08:00', feriado: '08:00-12:00' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toContain('lunes: "18:00-08:00" ends before it starts — write the earlier time first');
    expect(messages.some((message) => message.startsWith('feriado: "feriado" is not a weekday'))).toBe(true);
  });

  it('keeps times on a grid when asked, and refuses overlapping ranges', () => {
    expect(parseRanges('08:10-18:00', 15)).toContain('is not on a multiple of 15 minutes');
    expect(parseRanges('08:10-18:00')).toEqual([{ from: 490, to: 1080 }]);
    expect(parseRanges('08:00-12:00, 11:00-13:00')).toContain('overlapping');
  });
});
