/** The tools that look for free time and book it: `find_free_slots` and `book_appointment`. */
import { z } from 'zod';
import { addDays } from '../../nlu/entities/time/calendar.ts';
import { fromLocal } from '../../nlu/entities/time/zoned-time.ts';
import type { Tool } from '../tool.ts';
import { isAppointmentError } from './appointment.ts';
import { toAppointmentView, toSlotViews, type AppointmentView, type SlotView } from './appointment-views.ts';
import { bookAppointment, listAppointments } from './appointments-repository.ts';
import { findFreeSlots, type PartOfDay, type Slot, type SlotProblem } from './availability.ts';
import type { BusinessData, Service } from './business-data.ts';
import { decideBooking, initialStatus } from './policies.ts';
import { chooseSlot, loadAvailability, spanAround } from './slot-choice.ts';
import {
  dateInput,
  instantInput,
  partOfDayInput,
  professionalOrThrow,
  serviceOrThrow,
  type AppointmentToolContext,
} from './tool-inputs.ts';

/** How far ahead a search without dates looks. */
export const DEFAULT_SEARCH_DAYS = 14;
const DAY = 86_400_000;

/** Not bookable by the bot: hand the conversation to a human (the business's advisors). */
export interface HandoffResult {
  status: 'handoff';
  serviceId: string;
  serviceName: string;
  advisorPhone: string | null;
}

/** The service requires a valuation the contact does not have: these are slots of the valuation. */
export interface ValuationRequiredResult {
  status: 'valuation_required';
  serviceId: string;
  serviceName: string;
  valuationServiceId: string;
  valuationServiceName: string;
  slots: SlotView[];
}

export function handoff(data: BusinessData, service: Service): HandoffResult {
  return {
    status: 'handoff',
    serviceId: service.id,
    serviceName: service.name,
    advisorPhone: data.advisorPhone,
  };
}

export async function contactHistory(context: AppointmentToolContext) {
  return listAppointments(context.db, context.tenant.id, { contactId: context.contactId, limit: 1000 });
}

const findFreeSlotsInput = z.object({
  serviceId: z.string().min(1, 'must be a service id'),
  professionalId: z.string().min(1).optional(),
  /** One day of the business calendar. */
  date: dateInput.optional(),
  /** A span, e.g. a `time` interval {from, to}. */
  from: instantInput.optional(),
  to: instantInput.optional(),
  partOfDay: partOfDayInput.optional(),
  /** An exact time the customer asked for: checked first, alternatives around it when not free. */
  at: instantInput.optional(),
  limit: z.number().int().min(1).max(20).default(5),
});

export type FindFreeSlotsInput = z.input<typeof findFreeSlotsInput>;

export type FindFreeSlotsResult =
  | HandoffResult
  | ValuationRequiredResult
  | {
      status: 'ok';
      serviceId: string;
      serviceName: string;
      /** With `at`: whether that exact time is free, and if not why (the slots are then the nearest ones). */
      requested?: { start: string; available: boolean; problem?: SlotProblem };
      slots: SlotView[];
    };

function searchSpan(
  input: z.output<typeof findFreeSlotsInput>,
  timezone: string,
  now: Date,
): { from: Date; to: Date } {
  if (input.date) {
    const [year, month, day] = input.date.split('-').map(Number) as [number, number, number];
    const date = { year, month, day };
    return {
      from: fromLocal({ ...date, hour: 0, minute: 0, second: 0 }, timezone),
      to: fromLocal({ ...addDays(date, 1), hour: 0, minute: 0, second: 0 }, timezone),
    };
  }
  const from = input.from ? new Date(input.from) : now;
  const to = input.to ? new Date(input.to) : new Date(from.getTime() + DEFAULT_SEARCH_DAYS * DAY);
  return { from, to };
}

function createFindFreeSlotsTool(
  data: BusinessData,
): Tool<z.output<typeof findFreeSlotsInput>, FindFreeSlotsResult> {
  return {
    name: 'find_free_slots',
    description:
      'Finds free appointment times for a service, optionally with one professional, on a day or in a span, in a part of the day; with `at`, checks that exact time and proposes the nearest free ones.',
    input: findFreeSlotsInput,
    async execute(input, context: AppointmentToolContext) {
      const service = serviceOrThrow(data, input.serviceId);
      if (input.professionalId !== undefined) professionalOrThrow(data, input.professionalId);
      const timezone = context.tenant.timezone;
      const decision = decideBooking(data, service.id, await contactHistory(context), context.now);
      if (!decision || decision.kind === 'handoff') return handoff(data, service);

      const span = input.at ? spanAround(new Date(input.at)) : searchSpan(input, timezone, context.now);
      const availability = await loadAvailability(data, context, span);
      const view = (slots: readonly Slot[]) => toSlotViews(data, timezone, slots);

      if (decision.kind === 'valuation_first') {
        const valuation = decision.valuationService;
        const offersValuation =
          input.professionalId !== undefined &&
          data.professionals.some(
            (p) => p.id === input.professionalId && p.serviceIds.includes(valuation.id),
          );
        const slots = input.at
          ? chooseSlot(availability, {
              serviceId: valuation.id,
              professionalIds: offersValuation ? [input.professionalId as string] : undefined,
              start: new Date(input.at),
            })
          : undefined;
        return {
          status: 'valuation_required',
          serviceId: service.id,
          serviceName: service.name,
          valuationServiceId: valuation.id,
          valuationServiceName: valuation.name,
          slots: view(
            slots
              ? slots.ok
                ? [slots.slot]
                : slots.alternatives
              : findFreeSlots(availability, {
                  serviceId: valuation.id,
                  professionalId: offersValuation ? input.professionalId : undefined,
                  ...span,
                  partOfDay: input.partOfDay as PartOfDay | undefined,
                  onePerTime: !offersValuation,
                  limit: input.limit,
                }),
          ),
        };
      }

      const base = { status: 'ok' as const, serviceId: service.id, serviceName: service.name };
      if (input.at) {
        const start = new Date(input.at);
        const choice = chooseSlot(availability, {
          serviceId: service.id,
          professionalIds: input.professionalId === undefined ? undefined : [input.professionalId],
          start,
          notBefore: decision.notBefore,
        });
        const requested = { start: input.at };
        return choice.ok
          ? { ...base, requested: { ...requested, available: true }, slots: view([choice.slot]) }
          : {
              ...base,
              requested: { ...requested, available: false, problem: choice.problem },
              slots: view(choice.alternatives.slice(0, input.limit)),
            };
      }
      const slots = findFreeSlots(availability, {
        serviceId: service.id,
        professionalId: input.professionalId,
        ...span,
        partOfDay: input.partOfDay as PartOfDay | undefined,
        notBefore: decision.notBefore,
        onePerTime: input.professionalId === undefined,
        limit: input.limit,
      });
      return { ...base, slots: view(slots) };
    },
  };
}

const bookAppointmentInput = z.object({
  serviceId: z.string().min(1, 'must be a service id'),
  start: instantInput,
  /** Without it, the first professional (in the business file's order) free at that time. */
  professionalId: z.string().min(1).optional(),
});

export type BookAppointmentResult =
  | HandoffResult
  | (Omit<ValuationRequiredResult, 'slots'> & { alternatives: SlotView[] })
  | { status: 'booked'; appointment: AppointmentView }
  | { status: 'unavailable'; problem: SlotProblem; alternatives: SlotView[] };

function createBookAppointmentTool(
  data: BusinessData,
): Tool<z.output<typeof bookAppointmentInput>, BookAppointmentResult> {
  return {
    name: 'book_appointment',
    description:
      'Books a service for the customer at a start time (with a professional, or the first one free); the appointment stays pending until the customer confirms. Proposes the nearest free times when that one is not possible.',
    input: bookAppointmentInput,
    mutates: true,
    async execute(input, context: AppointmentToolContext) {
      const service = serviceOrThrow(data, input.serviceId);
      if (input.professionalId !== undefined) professionalOrThrow(data, input.professionalId);
      const timezone = context.tenant.timezone;
      const start = new Date(input.start);
      const decision = decideBooking(data, service.id, await contactHistory(context), context.now);
      if (!decision || decision.kind === 'handoff') return handoff(data, service);
      const view = (slots: readonly Slot[]) => toSlotViews(data, timezone, slots);
      const professionalIds = input.professionalId === undefined ? undefined : [input.professionalId];

      let availability = await loadAvailability(data, context, spanAround(start));
      if (decision.kind === 'valuation_first') {
        const valuation = decision.valuationService;
        const choice = chooseSlot(availability, { serviceId: valuation.id, start });
        return {
          status: 'valuation_required',
          serviceId: service.id,
          serviceName: service.name,
          valuationServiceId: valuation.id,
          valuationServiceName: valuation.name,
          alternatives: view(choice.ok ? [choice.slot] : choice.alternatives),
        };
      }

      const request = { serviceId: service.id, professionalIds, start, notBefore: decision.notBefore };
      const choice = chooseSlot(availability, request);
      if (!choice.ok)
        return { status: 'unavailable', problem: choice.problem, alternatives: view(choice.alternatives) };
      try {
        const appointment = await bookAppointment(
          context.db,
          {
            tenantId: context.tenant.id,
            contactId: context.contactId,
            conversationId: context.conversationId ?? null,
            serviceId: service.id,
            professionalId: choice.slot.professionalId,
            start: choice.slot.start,
            end: choice.slot.end,
            status: initialStatus(data.policies),
          },
          context.now,
        );
        return { status: 'booked', appointment: toAppointmentView(data, timezone, appointment) };
      } catch (error) {
        if (!isAppointmentError(error) || error.reason !== 'slot_taken') throw error;
        // Someone else took it between the check and the insert: propose from a fresh view.
        availability = await loadAvailability(data, context, spanAround(start));
        const retry = chooseSlot(availability, request);
        const alternatives = retry.ok ? [retry.slot] : retry.alternatives;
        return { status: 'unavailable', problem: 'taken', alternatives: view(alternatives) };
      }
    },
  };
}

export function createBookingTools(data: BusinessData) {
  return [createFindFreeSlotsTool(data), createBookAppointmentTool(data)] as const;
}
