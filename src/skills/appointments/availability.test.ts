import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { BusyInterval } from './appointment.ts';
import {
  checkSlot,
  findFreeSlots,
  nearestFreeSlots,
  type AvailabilityContext,
  type Slot,
} from './availability.ts';
import { bogota, demoBusinessData, TIMEZONE } from './test-support.ts';

const data = demoBusinessData();
/** Monday 23 November 2026, 07:00 in Bogotá. */
const MONDAY_MORNING = bogota('2026-11-23T07:00');

function context(now: Date = MONDAY_MORNING, busy: BusyInterval[] = []): AvailabilityContext {
  return { data, timezone: TIMEZONE, now, busy };
}

function busy(professionalId: string, from: string, to: string): BusyInterval {
  return { appointmentId: `apt_${from}`, professionalId, start: bogota(from), end: bogota(to) };
}

/** `HH:MM professional` on Bogotá's clock, for readable expectations. */
function describeSlots(slots: Slot[]): string[] {
  return slots.map((slot) => `${formatInstant(slot.start, TIMEZONE).slice(5, 16)} ${slot.professionalId}`);
}

function day(date: string): { from: Date; to: Date } {
  return { from: bogota(`${date}T00:00`), to: bogota(`${date}T23:59`) };
}

describe('findFreeSlots', () => {
  it("offers a professional's day on a 30-minute grid, within the hours of both the business and the professional", () => {
    const slots = findFreeSlots(context(), {
      serviceId: 'limpieza-facial',
      professionalId: 'andres',
      ...day('2026-11-24'),
    });
    const starts = slots.map((slot) => formatInstant(slot.start, TIMEZONE).slice(11, 16));
    // Andrés works 10:00–18:00 on Tuesdays; 45 minutes from 17:30 would end after 18:00.
    expect(starts[0]).toBe('10:00');
    expect(starts.at(-1)).toBe('17:00');
    expect(starts).toHaveLength(15);
    expect(formatInstant(slots[0]!.end, TIMEZONE)).toBe('2026-11-24T10:45:00.000-05:00');
  });

  it('keeps a professional inside the business hours (Saturday closes at 13:00) and finds nothing on Sunday', () => {
    const saturday = findFreeSlots(context(), {
      serviceId: 'masaje-relajante',
      professionalId: 'camila',
      ...day('2026-11-28'),
    });
    expect(describeSlots(saturday)).toEqual([
      '11-28T09:00 camila',
      '11-28T09:30 camila',
      '11-28T10:00 camila',
      '11-28T10:30 camila',
      '11-28T11:00 camila',
      '11-28T11:30 camila',
      '11-28T12:00 camila',
    ]);
    expect(findFreeSlots(context(), { serviceId: 'masaje-relajante', ...day('2026-11-29') })).toEqual([]);
  });

  it('finds nothing on a holiday', () => {
    expect(findFreeSlots(context(), { serviceId: 'valoracion', ...day('2026-12-08') })).toEqual([]);
  });

  it('respects the minimum notice from now', () => {
    const now = bogota('2026-11-23T10:10');
    const slots = findFreeSlots(context(now), {
      serviceId: 'valoracion',
      professionalId: 'laura',
      ...day('2026-11-23'),
    });
    // Two hours after 10:10 is 12:10: the first start on the grid is 12:30; Laura leaves at 16:00.
    expect(describeSlots(slots).at(0)).toBe('11-23T12:30 laura');
    expect(describeSlots(slots).at(-1)).toBe('11-23T15:30 laura');
  });

  it('keeps only the asked part of the day', () => {
    const slots = findFreeSlots(context(), {
      serviceId: 'valoracion',
      professionalId: 'andres',
      partOfDay: 'afternoon',
      ...day('2026-11-24'),
    });
    const starts = slots.map((slot) => formatInstant(slot.start, TIMEZONE).slice(11, 16));
    expect(starts[0]).toBe('12:00');
    expect(starts.at(-1)).toBe('17:30');
    const morning = findFreeSlots(context(), {
      serviceId: 'valoracion',
      partOfDay: 'morning',
      ...day('2026-11-28'),
    });
    expect(morning.every((slot) => formatInstant(slot.start, TIMEZONE).slice(11, 13) < '12')).toBe(true);
    expect(morning.length).toBeGreaterThan(0);
  });

  it('skips times that overlap another appointment of the same professional, not of another', () => {
    const taken = [busy('andres', '2026-11-24T10:30', '2026-11-24T11:30')];
    const slots = findFreeSlots(context(MONDAY_MORNING, taken), {
      serviceId: 'valoracion',
      ...day('2026-11-24'),
      limit: 8,
    });
    expect(describeSlots(slots)).toEqual([
      '11-24T08:00 laura',
      '11-24T08:30 laura',
      '11-24T09:00 laura',
      '11-24T09:30 laura',
      '11-24T10:00 laura',
      '11-24T10:00 andres',
      '11-24T10:30 laura',
      '11-24T11:00 laura',
    ]);
  });

  it('keeps one professional per start time when asked, and honours notBefore', () => {
    const slots = findFreeSlots(context(), {
      serviceId: 'depilacion-laser',
      ...day('2026-11-24'),
      onePerTime: true,
      notBefore: bogota('2026-11-24T15:00'),
    });
    expect(describeSlots(slots)).toEqual([
      '11-24T15:00 laura',
      '11-24T15:30 andres',
      '11-24T16:00 andres',
      '11-24T16:30 andres',
      '11-24T17:00 andres',
    ]);
  });

  it('throws for a service the business does not have', () => {
    expect(() => findFreeSlots(context(), { serviceId: 'botox', ...day('2026-11-24') })).toThrow(
      /no service has the id "botox" — use one of: depilacion-laser/,
    );
  });
});

describe('checkSlot', () => {
  const request = { serviceId: 'valoracion', professionalId: 'laura' };

  it('accepts a free time inside the hours, on any quarter hour', () => {
    const check = checkSlot(context(), { ...request, start: bogota('2026-11-24T09:15') });
    expect(check).toEqual({
      ok: true,
      slot: { start: bogota('2026-11-24T09:15'), end: bogota('2026-11-24T09:45'), professionalId: 'laura' },
    });
  });

  it('names the first rule a time breaks', () => {
    const taken = context(MONDAY_MORNING, [busy('laura', '2026-11-24T09:00', '2026-11-24T10:00')]);
    const cases: [Partial<Parameters<typeof checkSlot>[1]>, string][] = [
      [{ start: bogota('2026-11-24T09:10') }, 'not_aligned'],
      [{ start: bogota('2026-11-23T08:00') }, 'too_soon'],
      [{ start: bogota('2026-11-22T09:00') }, 'too_soon'],
      [{ start: bogota('2026-12-08T09:00') }, 'holiday'],
      [{ start: bogota('2026-11-29T09:00') }, 'outside_hours'],
      [{ start: bogota('2026-11-24T15:45') }, 'outside_hours'],
      [{ start: bogota('2026-11-24T09:30') }, 'taken'],
      [{ start: bogota('2026-11-24T08:45') }, 'taken'],
      [{ start: bogota('2026-11-24T10:00'), professionalId: 'camila' }, 'not_offered'],
      [{ start: bogota('2026-11-24T10:00'), professionalId: 'pedro' }, 'unknown_professional'],
      [{ start: bogota('2026-11-24T10:00'), serviceId: 'botox' }, 'unknown_service'],
    ];
    for (const [overrides, problem] of cases) {
      const check = checkSlot(taken, { ...request, start: new Date(0), ...overrides });
      expect({ overrides, check }).toEqual({ overrides, check: { ok: false, problem } });
    }
    expect(checkSlot(taken, { ...request, start: bogota('2026-11-24T08:30') }).ok).toBe(true);
    expect(checkSlot(taken, { ...request, start: bogota('2026-11-24T10:00') }).ok).toBe(true);
  });
});

describe('nearestFreeSlots', () => {
  it('proposes the free times closest to the asked one, before or after it, in time order', () => {
    const taken = [busy('laura', '2026-11-24T09:00', '2026-11-24T11:00')];
    const slots = nearestFreeSlots(context(MONDAY_MORNING, taken), {
      serviceId: 'valoracion',
      professionalId: 'laura',
      at: bogota('2026-11-24T09:30'),
    });
    expect(describeSlots(slots)).toEqual(['11-24T08:00 laura', '11-24T08:30 laura', '11-24T11:00 laura']);
  });

  it('looks into the next days when the asked day is closed, and not before the minimum notice', () => {
    const slots = nearestFreeSlots(context(bogota('2026-11-28T11:00')), {
      serviceId: 'valoracion',
      at: bogota('2026-11-29T10:00'),
      limit: 2,
    });
    // Saturday 12:30 would be closest, but is sooner than two hours after 11:00; Monday opens at 08:00.
    expect(describeSlots(slots)).toEqual(['11-30T08:00 laura', '11-30T08:30 laura']);
    const earlier = nearestFreeSlots(context(bogota('2026-11-28T10:00')), {
      serviceId: 'valoracion',
      at: bogota('2026-11-29T10:00'),
      limit: 1,
    });
    expect(describeSlots(earlier)).toEqual(['11-28T12:30 andres']);
  });
});
