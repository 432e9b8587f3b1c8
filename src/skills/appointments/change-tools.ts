/**
 * The tools that act on the customer's own appointments: `confirm_appointment`, `cancel_appointment`,
 * `reschedule_appointment` and `list_my_appointments`. An id that is not the customer's is `not_found`.
 */
import { z } from 'zod';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { Tool } from '../tool.ts';
import { APPOINTMENT_STATUSES, isAppointmentError, type AppointmentErrorReason } from './appointment.ts';
import { toAppointmentView, toSlotViews, type AppointmentView, type SlotView } from './appointment-views.ts';
import {
  cancelAppointment,
  confirmAppointment,
  getAppointment,
  listAppointments,
  rescheduleAppointment,
} from './appointments-repository.ts';
import type { Slot, SlotProblem } from './availability.ts';
import { professionalsFor, type BusinessData } from './business-data.ts';
import { contactHistory, handoff, type HandoffResult } from './booking-tools.ts';
import { decideBooking, initialStatus } from './policies.ts';
import { chooseSlot, loadAvailability, spanAround } from './slot-choice.ts';
import {
  appointmentIdInput,
  instantInput,
  professionalOrThrow,
  type AppointmentToolContext,
} from './tool-inputs.ts';

/** Why a change was refused: no such appointment of the customer, already cancelled, already started. */
export type ChangeRefusal = { status: Exclude<AppointmentErrorReason, 'slot_taken' | 'invalid_time'> };

function own(context: AppointmentToolContext, appointmentId: string) {
  return { tenantId: context.tenant.id, contactId: context.contactId, appointmentId };
}

/** Turns the repository's refusals into results the conversation can phrase; anything else is thrown. */
async function refusalsAsResults<T>(work: () => Promise<T>): Promise<T | ChangeRefusal> {
  try {
    return await work();
  } catch (error) {
    if (isAppointmentError(error) && ['not_found', 'cancelled', 'already_started'].includes(error.reason)) {
      return { status: error.reason as ChangeRefusal['status'] };
    }
    throw error;
  }
}

const byId = z.object({ appointmentId: appointmentIdInput });

export type ConfirmResult = { status: 'confirmed'; appointment: AppointmentView } | ChangeRefusal;

function createConfirmTool(data: BusinessData): Tool<z.output<typeof byId>, ConfirmResult> {
  return {
    name: 'confirm_appointment',
    description: "Confirms one of the customer's pending appointments.",
    input: byId,
    mutates: true,
    async execute(input, context: AppointmentToolContext) {
      return refusalsAsResults(async () => {
        const appointment = await confirmAppointment(
          context.db,
          own(context, input.appointmentId),
          context.now,
        );
        return {
          status: 'confirmed' as const,
          appointment: toAppointmentView(data, context.tenant.timezone, appointment),
        };
      });
    },
  };
}

const cancelInput = z.object({
  appointmentId: appointmentIdInput,
  /** The customer accepted that cancelling this late costs a session. */
  acceptLateCancellation: z.boolean().default(false),
});

export type CancelToolResult =
  | { status: 'cancelled'; late: boolean; appointment: AppointmentView }
  /** Inside the paid window and not accepted: nothing changed; ask the customer. */
  | { status: 'late'; freeUntil: string; appointment: AppointmentView }
  | ChangeRefusal;

function createCancelTool(data: BusinessData): Tool<z.output<typeof cancelInput>, CancelToolResult> {
  return {
    name: 'cancel_appointment',
    description:
      "Cancels one of the customer's appointments; inside the paid-cancellation window it only cancels once the customer accepted the cost.",
    input: cancelInput,
    mutates: true,
    async execute(input, context: AppointmentToolContext) {
      const timezone = context.tenant.timezone;
      return refusalsAsResults(async (): Promise<CancelToolResult> => {
        const result = await cancelAppointment(
          context.db,
          own(context, input.appointmentId),
          {
            freeCancellationHours: data.policies.freeCancellationHours,
            acceptLate: input.acceptLateCancellation,
          },
          context.now,
        );
        const appointment = toAppointmentView(data, timezone, result.appointment);
        return result.outcome === 'late'
          ? { status: 'late', freeUntil: formatInstant(result.freeUntil, timezone), appointment }
          : { status: 'cancelled', late: result.late, appointment };
      });
    },
  };
}

const rescheduleInput = z.object({
  appointmentId: appointmentIdInput,
  start: instantInput,
  /** Without it: the same professional if free then, otherwise another who offers the service. */
  professionalId: z.string().min(1).optional(),
  /** The customer accepted that moving it this late costs a session. */
  acceptLateChange: z.boolean().default(false),
});

export type RescheduleToolResult =
  | { status: 'rescheduled'; late: boolean; appointment: AppointmentView; previous: AppointmentView }
  | { status: 'late'; freeUntil: string; appointment: AppointmentView }
  | { status: 'unavailable'; problem: SlotProblem; alternatives: SlotView[] }
  /** The service is booked only by a human: moving it is theirs too. */
  | HandoffResult
  | ChangeRefusal;

function createRescheduleTool(
  data: BusinessData,
): Tool<z.output<typeof rescheduleInput>, RescheduleToolResult> {
  return {
    name: 'reschedule_appointment',
    description:
      "Moves one of the customer's appointments to another time, all at once (the old time is kept if the new one cannot be had); proposes the nearest free times when the asked one is not possible.",
    input: rescheduleInput,
    mutates: true,
    async execute(input, context: AppointmentToolContext) {
      if (input.professionalId !== undefined) professionalOrThrow(data, input.professionalId);
      const timezone = context.tenant.timezone;
      const view = (slots: readonly Slot[]) => toSlotViews(data, timezone, slots);
      return refusalsAsResults(async (): Promise<RescheduleToolResult> => {
        const current = await getAppointment(
          context.db,
          context.tenant.id,
          context.contactId,
          input.appointmentId,
        );
        if (!current) return { status: 'not_found' };
        const start = new Date(input.start);
        const history = (await contactHistory(context)).filter(
          (appointment) => appointment.id !== current.id,
        );
        const decision = decideBooking(data, current.serviceId, history, context.now);
        if (decision?.kind === 'handoff') return handoff(data, decision.service);
        const notBefore = decision?.kind === 'bookable' ? decision.notBefore : undefined;
        const others = professionalsFor(data, current.serviceId)
          .map((professional) => professional.id)
          .filter((id) => id !== current.professionalId);
        const professionalIds = input.professionalId
          ? [input.professionalId]
          : [current.professionalId, ...others];

        const availability = await loadAvailability(data, context, spanAround(start), current.id);
        const choice = chooseSlot(availability, {
          serviceId: current.serviceId,
          professionalIds,
          start,
          notBefore,
        });
        if (!choice.ok)
          return { status: 'unavailable', problem: choice.problem, alternatives: view(choice.alternatives) };
        try {
          const result = await rescheduleAppointment(
            context.db,
            own(context, current.id),
            { ...choice.slot, status: initialStatus(data.policies) },
            {
              freeCancellationHours: data.policies.freeCancellationHours,
              acceptLate: input.acceptLateChange,
            },
            context.now,
          );
          if (result.outcome === 'late') {
            return {
              status: 'late',
              freeUntil: formatInstant(result.freeUntil, timezone),
              appointment: toAppointmentView(data, timezone, result.appointment),
            };
          }
          return {
            status: 'rescheduled',
            late: result.late,
            appointment: toAppointmentView(data, timezone, result.appointment),
            previous: toAppointmentView(data, timezone, result.previous),
          };
        } catch (error) {
          if (!isAppointmentError(error) || error.reason !== 'slot_taken') throw error;
          const fresh = await loadAvailability(data, context, spanAround(start), current.id);
          const retry = chooseSlot(fresh, {
            serviceId: current.serviceId,
            professionalIds,
            start,
            notBefore,
          });
          return {
            status: 'unavailable',
            problem: 'taken',
            alternatives: view(retry.ok ? [retry.slot] : retry.alternatives),
          };
        }
      });
    },
  };
}

const listInput = z.object({
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  /** Past appointments too; by default only those still to come. */
  includePast: z.boolean().default(false),
});

function createListTool(
  data: BusinessData,
): Tool<z.output<typeof listInput>, { appointments: AppointmentView[] }> {
  return {
    name: 'list_my_appointments',
    description:
      "Lists the customer's appointments, upcoming ones by default, earliest first, with their status.",
    input: listInput,
    async execute(input, context: AppointmentToolContext) {
      const appointments = await listAppointments(context.db, context.tenant.id, {
        contactId: context.contactId,
        status: input.status,
        from: input.includePast ? undefined : context.now,
      });
      return { appointments: appointments.map((a) => toAppointmentView(data, context.tenant.timezone, a)) };
    },
  };
}

export function createChangeTools(data: BusinessData) {
  return [
    createConfirmTool(data),
    createCancelTool(data),
    createRescheduleTool(data),
    createListTool(data),
  ] as const;
}
