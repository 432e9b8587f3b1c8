/**
 * What time a customer asked for, read from a `time` slot value or the turn's `time` entity: an exact
 * start ("el viernes a las 10", a slot button) or a span to choose in ("el viernes", "el viernes en la
 * tarde", "la próxima semana"); and how that span is named in a reply.
 */
import type { JsonValue } from '../../core/json.ts';
import { formatDate, formatTime } from '../../dialogue/format.ts';
import type { TimeSlotValue } from '../../dialogue/flow.ts';
import { addDays, dateOf } from '../../nlu/entities/time/calendar.ts';
import { fromLocal, toLocal } from '../../nlu/entities/time/zoned-time.ts';
import type { TurnContext } from '../skill.ts';

export type AskedTime = { kind: 'exact'; at: Date } | { kind: 'span'; from: Date; to: Date };

/** Days a span of each grain covers, from its start. */
const SPAN_DAYS: Record<string, number> = { day: 1, week: 7, month: 31, quarter: 92, year: 92 };

function validDate(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function addLocalDays(start: Date, days: number, timezone: string): Date {
  return fromLocal(
    { ...addDays(dateOf(toLocal(start, timezone)), days), hour: 0, minute: 0, second: 0 },
    timezone,
  );
}

/** The asked time a slot value stands for; null when it is not one. */
export function readAskedTime(value: JsonValue | undefined, timezone: string): AskedTime | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { value: when, grain } = value as unknown as TimeSlotValue;
  if (typeof when === 'string') {
    const at = validDate(when);
    if (!at) return null;
    const days = grain === null ? undefined : SPAN_DAYS[grain];
    return days === undefined
      ? { kind: 'exact', at }
      : { kind: 'span', from: at, to: addLocalDays(at, days, timezone) };
  }
  const from = validDate(when?.from);
  const to = validDate(when?.to);
  if (from && to && from < to) return { kind: 'span', from, to };
  if (from) return { kind: 'span', from, to: addLocalDays(from, 1, timezone) };
  return null;
}

/** The time the turn's message asks for, from its first `time` entity. */
export function askedInTurn(context: TurnContext): AskedTime | null {
  const entity = context.understanding.entities.find((candidate) => candidate.entity === 'time');
  if (!entity) return null;
  const grain = typeof entity.grain === 'string' ? entity.grain : null;
  return readAskedTime({ value: entity.value, grain } as unknown as JsonValue, context.tenant.timezone);
}

/** The exact start a slot value holds, or null (not filled, or a span). */
export function exactStart(value: JsonValue | undefined, timezone: string): Date | null {
  const asked = readAskedTime(value, timezone);
  return asked?.kind === 'exact' ? asked.at : null;
}

/** "el viernes 27 de noviembre", "el viernes 27 de noviembre entre las 12:00 p. m. y las 7:00 p. m.". */
export function describeSpan(context: TurnContext, span: { from: Date; to: Date }): string {
  const timezone = context.tenant.timezone;
  const wholeDay =
    addLocalDays(span.from, 0, timezone).getTime() === span.from.getTime() &&
    addLocalDays(span.from, 1, timezone).getTime() === span.to.getTime();
  if (wholeDay) return context.render('appointments.span_day', { date: formatDate(span.from, context) });
  const lastMoment = new Date(span.to.getTime() - 1);
  if (formatDate(span.from, context) === formatDate(lastMoment, context)) {
    return context.render('appointments.span_hours', {
      date: formatDate(span.from, context),
      from: formatTime(span.from, context),
      to: formatTime(span.to, context),
    });
  }
  return context.render('appointments.span_days', {
    from: formatDate(span.from, context),
    to: formatDate(lastMoment, context),
  });
}
