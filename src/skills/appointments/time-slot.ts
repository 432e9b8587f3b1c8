/**
 * The `time` slot shared by booking and rescheduling. An exact time is checked against availability and
 * refused with the reason and the nearest free times; a day or a span ("el viernes en la tarde") is
 * answered with the free times in it. Either way the free times are offered as buttons, so the refusal
 * is followed by the question again with the right choices.
 *
 * A span counts as an answer that did not fill the slot, so three spans in a row leave the flow like any
 * three unusable answers.
 */
import type { Button } from '../../core/messages.ts';
import { formatDateTime } from '../../dialogue/format.ts';
import type { FlowSlot, SlotValues, TemplateMessage } from '../../dialogue/flow.ts';
import type { TurnContext } from '../skill.ts';
import { findFreeSlots, nearestFreeSlots, type Slot } from './availability.ts';
import { DEFAULT_SEARCH_DAYS } from './booking-tools.ts';
import { askedInTurn, describeSpan, readAskedTime, type AskedTime } from './asked-time.ts';
import { serviceName, slotButtons, toolContextOf, type AppointmentsRuntime } from './conversation-support.ts';
import { chooseSlot, loadAvailability, spanAround, type SlotChoice } from './slot-choice.ts';

/** How many free times are offered at once. */
export const OFFERED_SLOTS = 6;
const DAY = 86_400_000;

/** What a time is checked for. */
export interface TimeTarget {
  serviceId: string;
  /** Candidates in order of preference; every professional offering the service when left out. */
  professionalIds?: readonly string[];
  /** No slot before this (the end of the valuation a treatment must follow). */
  notBefore?: Date;
  /** The appointment being moved, whose own time does not count as busy. */
  excludeAppointmentId?: string;
}

/** Whether `at` can be had, by the first free candidate; otherwise why, and the nearest free times. */
export async function checkTime(
  runtime: AppointmentsRuntime,
  context: TurnContext,
  target: TimeTarget,
  at: Date,
): Promise<SlotChoice> {
  const availability = await loadAvailability(
    runtime.data,
    toolContextOf(runtime, context),
    spanAround(at),
    target.excludeAppointmentId,
  );
  return chooseSlot(availability, {
    serviceId: target.serviceId,
    professionalIds: target.professionalIds,
    start: at,
    notBefore: target.notBefore,
  });
}

/** The free times to offer: around an exact time, inside a span (else the nearest to it), or the next ones. */
export async function proposeSlots(
  runtime: AppointmentsRuntime,
  context: TurnContext,
  target: TimeTarget,
  asked: AskedTime | null,
): Promise<Slot[]> {
  const single = target.professionalIds?.length === 1 ? target.professionalIds[0] : undefined;
  const search =
    asked?.kind === 'span'
      ? { from: asked.from, to: asked.to }
      : asked?.kind === 'exact'
        ? spanAround(asked.at)
        : { from: context.now, to: new Date(context.now.getTime() + DEFAULT_SEARCH_DAYS * DAY) };
  const availability = await loadAvailability(
    runtime.data,
    toolContextOf(runtime, context),
    search,
    target.excludeAppointmentId,
  );
  const nearest = (at: Date) =>
    nearestFreeSlots(availability, {
      serviceId: target.serviceId,
      professionalId: single,
      at,
      notBefore: target.notBefore,
      limit: OFFERED_SLOTS,
    });
  if (asked?.kind === 'exact') return nearest(asked.at);
  const inSpan = findFreeSlots(availability, {
    serviceId: target.serviceId,
    professionalId: single,
    ...search,
    notBefore: target.notBefore,
    onePerTime: single === undefined,
    limit: OFFERED_SLOTS,
  });
  return inSpan.length > 0 || !asked ? inSpan : nearest(asked.from);
}

export interface TimeSlotOptions {
  runtime: AppointmentsRuntime;
  /** The slot's question. */
  prompt: string;
  /** What the time is for, from the slots filled so far; null while that is not known yet. */
  target(context: TurnContext, slots: SlotValues): Promise<TimeTarget | null>;
}

/**
 * The slot. Its options are the free times for what the current message asks (or, without a time in it,
 * around `slots.around` when a booking lost its time, else the next free ones).
 */
export function createTimeSlot(options: TimeSlotOptions): FlowSlot {
  const { runtime } = options;
  return {
    name: 'time',
    type: 'time',
    prompt: options.prompt,
    async options(context, slots): Promise<Button[]> {
      const target = await options.target(context, slots);
      if (!target) return [];
      const asked = askedInTurn(context) ?? readAskedTime(slots.around, context.tenant.timezone);
      return slotButtons(await proposeSlots(runtime, context, target, asked), context);
    },
    async validate(value, context, slots): Promise<TemplateMessage | null> {
      const asked = readAskedTime(value, context.tenant.timezone);
      if (!asked) return { template: 'dialogue.invalid_time' };
      const target = await options.target(context, slots);
      if (!target) return null;
      // `slots` is the flow's working copy: a refused correction ("mejor el miércoles" at the confirmation)
      // empties the slot, so the question comes again with the free times instead of the old summary.
      // An accepted value is written back by the flow runner.
      delete slots.time;
      if (asked.kind === 'span') {
        const free = await proposeSlots(runtime, context, target, asked);
        const inSpan = free.some((slot) => slot.start >= asked.from && slot.start < asked.to);
        return {
          template: inSpan ? 'appointments.times_in_span' : 'appointments.no_times_in_span',
          variables: { span: describeSpan(context, asked) },
        };
      }
      const choice = await checkTime(runtime, context, target, asked.at);
      if (choice.ok) return null;
      if (choice.problem === 'too_soon' && target.notBefore && asked.at < target.notBefore) {
        return {
          template: 'appointments.unavailable_before_valuation',
          variables: {
            when: formatDateTime(asked.at, context),
            valuation: serviceName(runtime.data, runtime.data.policies.valuationServiceId),
          },
        };
      }
      const known = ['taken', 'too_soon', 'holiday', 'outside_hours'];
      return {
        template: `appointments.unavailable_${known.includes(choice.problem) ? choice.problem : 'other'}`,
        variables: {
          when: formatDateTime(asked.at, context),
          notice: runtime.data.policies.minimumNoticeMinutes / 60,
        },
      };
    },
  };
}
