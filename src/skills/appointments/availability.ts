/**
 * When a service can be booked: pure functions over the business data, the tenant's time zone, the clock
 * and the professionals' busy intervals. Nothing here reads the database.
 *
 * A slot is offered when it lies inside the business hours AND the professional's own hours of that
 * weekday, not on a holiday, no sooner than the minimum notice after `now`, and does not overlap a
 * non-cancelled appointment of the same professional. Offered start times step by the business's
 * `intervalo_agenda_min` (30 minutes unless set) from the start of each opening range: a fixed, readable
 * grid ("8:00, 8:30, 9:00") rather than one per service duration, which would leave awkward starts such
 * as 8:45 for a 45-minute service. A booking at any quarter hour that meets the rules is still accepted.
 */
import {
  addDays,
  atTime,
  compareDates,
  dateOf,
  weekdayOf,
  type LocalDate,
} from '../../nlu/entities/time/calendar.ts';
import { PART_OF_DAY_HOURS } from '../../nlu/entities/time/vocabulary.ts';
import { fromLocal, toLocal } from '../../nlu/entities/time/zoned-time.ts';
import type { BusyInterval } from './appointment.ts';
import {
  BLOCK_MINUTES,
  findProfessional,
  findService,
  professionalsFor,
  type BusinessData,
  type Professional,
  type Service,
  type TimeRange,
  type Weekday,
} from './business-data.ts';

/** Parts of the day a customer can ask for ("en la mañana", "por la tarde", "en la noche"). */
export const PARTS_OF_DAY = ['morning', 'afternoon', 'night'] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];

/** The longest span one search walks through, so a careless range cannot make a search unbounded. */
export const MAX_SEARCH_DAYS = 92;

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface Slot {
  start: Date;
  end: Date;
  professionalId: string;
}

/** What availability is computed against. */
export interface AvailabilityContext {
  data: BusinessData;
  timezone: string;
  now: Date;
  /** Non-cancelled appointments of the professionals concerned that may overlap the searched span. */
  busy: readonly BusyInterval[];
}

export interface SlotSearch {
  serviceId: string;
  /** Only this professional; otherwise every professional who offers the service. */
  professionalId?: string;
  /** Slots starting at or after `from` and before `to`. */
  from: Date;
  to: Date;
  /** Only slots starting in this part of the day (hours as the date entities read them). */
  partOfDay?: PartOfDay;
  /** No slot before this instant (e.g. the end of the valuation a treatment must follow). */
  notBefore?: Date;
  /** Without a professional: keep one slot per start time (the first professional in the file's order). */
  onePerTime?: boolean;
  limit?: number;
}

function localDateKey(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function intersect(a: readonly TimeRange[], b: readonly TimeRange[]): TimeRange[] {
  const ranges: TimeRange[] = [];
  for (const left of a) {
    for (const right of b) {
      const from = Math.max(left.from, right.from);
      const to = Math.min(left.to, right.to);
      if (from < to) ranges.push({ from, to });
    }
  }
  return ranges.sort((x, y) => x.from - y.from);
}

/** The professional's working ranges on a date of the business calendar: none on holidays. */
export function workingRanges(data: BusinessData, professional: Professional, date: LocalDate): TimeRange[] {
  if (data.holidays.has(localDateKey(date))) return [];
  const weekday = weekdayOf(date) as Weekday;
  return intersect(data.hours[weekday], professional.schedule[weekday]);
}

function overlapsBusy(
  busy: readonly BusyInterval[],
  professionalId: string,
  start: Date,
  end: Date,
): boolean {
  return busy.some(
    (interval) =>
      interval.professionalId === professionalId &&
      interval.start.getTime() < end.getTime() &&
      start.getTime() < interval.end.getTime(),
  );
}

function earliestStart(context: AvailabilityContext, notBefore?: Date): number {
  const notice = context.now.getTime() + context.data.policies.minimumNoticeMinutes * MINUTE;
  return Math.max(notice, notBefore?.getTime() ?? -Infinity);
}

function serviceOrThrow(data: BusinessData, serviceId: string): Service {
  const service = findService(data, serviceId);
  if (!service) {
    throw new RangeError(
      `no service has the id "${serviceId}" — use one of: ${data.services.map((s) => s.id).join(', ')}`,
    );
  }
  return service;
}

function candidateProfessionals(
  data: BusinessData,
  serviceId: string,
  professionalId?: string,
): Professional[] {
  const offering = professionalsFor(data, serviceId);
  return professionalId === undefined ? offering : offering.filter((p) => p.id === professionalId);
}

/**
 * Free slots for a service, in time order (then the professionals' order in the file). Throws a
 * `RangeError` for a service id the business does not have; a professional who does not offer the
 * service simply has no slots.
 */
export function findFreeSlots(context: AvailabilityContext, search: SlotSearch): Slot[] {
  const { data, timezone } = context;
  const service = serviceOrThrow(data, search.serviceId);
  const professionals = candidateProfessionals(data, service.id, search.professionalId);
  const earliest = Math.max(earliestStart(context, search.notBefore), search.from.getTime());
  const latest = Math.min(search.to.getTime(), earliest + MAX_SEARCH_DAYS * DAY);
  if (professionals.length === 0 || earliest >= latest) return [];

  const part = search.partOfDay ? PART_OF_DAY_HOURS[search.partOfDay] : undefined;
  const step = data.policies.slotStepMinutes;
  const lastDay = dateOf(toLocal(new Date(latest), timezone));
  const slots: Slot[] = [];
  for (
    let day = dateOf(toLocal(new Date(earliest), timezone));
    compareDates(day, lastDay) <= 0;
    day = addDays(day, 1)
  ) {
    for (const professional of professionals) {
      for (const range of workingRanges(data, professional, day)) {
        for (let minute = range.from; minute + service.durationMinutes <= range.to; minute += step) {
          if (part && (minute < part[0] * 60 || minute >= part[1] * 60)) continue;
          const start = fromLocal(atTime(day, Math.floor(minute / 60), minute % 60), timezone);
          if (start.getTime() < earliest || start.getTime() >= latest) continue;
          const end = new Date(start.getTime() + service.durationMinutes * MINUTE);
          if (overlapsBusy(context.busy, professional.id, start, end)) continue;
          slots.push({ start, end, professionalId: professional.id });
        }
      }
    }
  }
  const order = new Map(professionals.map((professional, index) => [professional.id, index]));
  slots.sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      (order.get(a.professionalId) ?? 0) - (order.get(b.professionalId) ?? 0),
  );
  const chosen = search.onePerTime ? onePerStart(slots) : slots;
  return search.limit === undefined ? chosen : chosen.slice(0, search.limit);
}

function onePerStart(slots: Slot[]): Slot[] {
  const seen = new Set<number>();
  return slots.filter((slot) => {
    if (seen.has(slot.start.getTime())) return false;
    seen.add(slot.start.getTime());
    return true;
  });
}

export type SlotProblem =
  | 'unknown_service'
  | 'unknown_professional'
  /** The professional does not offer this service. */
  | 'not_offered'
  /** The start is not on a quarter hour. */
  | 'not_aligned'
  /** Sooner than the minimum notice (or in the past), or before the valuation it must follow. */
  | 'too_soon'
  | 'holiday'
  /** Outside the business hours or the professional's hours of that day. */
  | 'outside_hours'
  /** The professional has another appointment then. */
  | 'taken';

export type SlotCheck = { ok: true; slot: Slot } | { ok: false; problem: SlotProblem };

/** Whether one professional can take the service at `start`, and if not, the first rule it breaks. */
export function checkSlot(
  context: AvailabilityContext,
  request: { serviceId: string; professionalId: string; start: Date; notBefore?: Date },
): SlotCheck {
  const { data, timezone } = context;
  const service = findService(data, request.serviceId);
  if (!service) return { ok: false, problem: 'unknown_service' };
  const professional = findProfessional(data, request.professionalId);
  if (!professional) return { ok: false, problem: 'unknown_professional' };
  if (!professional.serviceIds.includes(service.id)) return { ok: false, problem: 'not_offered' };

  const start = request.start;
  const local = toLocal(start, timezone);
  if (start.getTime() % (BLOCK_MINUTES * MINUTE) !== 0) return { ok: false, problem: 'not_aligned' };
  if (start.getTime() < earliestStart(context, request.notBefore)) return { ok: false, problem: 'too_soon' };
  const day = dateOf(local);
  if (data.holidays.has(localDateKey(day))) return { ok: false, problem: 'holiday' };
  const minute = local.hour * 60 + local.minute;
  const fits = workingRanges(data, professional, day).some(
    (range) => range.from <= minute && minute + service.durationMinutes <= range.to,
  );
  if (!fits) return { ok: false, problem: 'outside_hours' };
  const end = new Date(start.getTime() + service.durationMinutes * MINUTE);
  if (overlapsBusy(context.busy, professional.id, start, end)) return { ok: false, problem: 'taken' };
  return { ok: true, slot: { start, end, professionalId: professional.id } };
}

/** How far around an asked time the nearest alternatives are looked for. */
export const ALTERNATIVES_BEFORE_DAYS = 3;
export const ALTERNATIVES_AFTER_DAYS = 14;

/**
 * The free slots closest to `at` (before or after it), up to `limit`, returned in time order: what to
 * propose when the asked time is not possible.
 */
export function nearestFreeSlots(
  context: AvailabilityContext,
  request: { serviceId: string; professionalId?: string; at: Date; notBefore?: Date; limit?: number },
): Slot[] {
  const at = request.at.getTime();
  const slots = findFreeSlots(context, {
    serviceId: request.serviceId,
    professionalId: request.professionalId,
    from: new Date(at - ALTERNATIVES_BEFORE_DAYS * DAY),
    to: new Date(at + ALTERNATIVES_AFTER_DAYS * DAY),
    notBefore: request.notBefore,
    onePerTime: request.professionalId === undefined,
  });
  return slots
    .map((slot) => ({ slot, distance: Math.abs(slot.start.getTime() - at) }))
    .sort((a, b) => a.distance - b.distance || a.slot.start.getTime() - b.slot.start.getTime())
    .slice(0, request.limit ?? 3)
    .map(({ slot }) => slot)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}
