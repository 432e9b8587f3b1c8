/**
 * Confirming, cancelling and moving the customer's own upcoming appointments. With several, the customer
 * picks one (a `pick_*` flow whose buttons carry the appointment ids); then cancelling and moving ask for
 * confirmation in a flow started with the appointment's facts as its values, so every question can be
 * phrased again after a change of topic. Writes go to `context.effects`; each decision is checked again
 * against the database first, so a replayed turn that finds the appointment changed only says so.
 */
import { formatDateTime } from '../../dialogue/format.ts';
import type { Flow, SlotValues } from '../../dialogue/flow.ts';
import { startFlow } from '../../dialogue/flow-runner.ts';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { TurnContext } from '../skill.ts';
import type { Appointment } from './appointment.ts';
import {
  cancelAppointment,
  confirmAppointment,
  getAppointment,
  listAppointments,
  rescheduleAppointment,
} from './appointments-repository.ts';
import { exactStart } from './asked-time.ts';
import { contactHistory } from './booking-tools.ts';
import { professionalsFor } from './business-data.ts';
import {
  appointmentButton,
  professionalName,
  serviceName,
  toolContextOf,
  type AppointmentsRuntime,
} from './conversation-support.ts';
import { cancellationTerms, decideBooking, initialStatus } from './policies.ts';
import { checkTime, createTimeSlot, type TimeTarget } from './time-slot.ts';

export type Purpose = 'confirm' | 'cancel' | 'reschedule';

export interface OwnAppointmentFlows {
  flows: Flow[];
  /** Answers `confirmar_cita`, `cancelar_cita` or `reagendar_cita`. */
  start(context: TurnContext, purpose: Purpose): Promise<void>;
  /** The customer's appointments still to come that are not cancelled, earliest first. */
  upcoming(context: TurnContext): Promise<Appointment[]>;
}

export function createOwnAppointmentFlows(runtime: AppointmentsRuntime): OwnAppointmentFlows {
  const { data } = runtime;
  const hours = data.policies.freeCancellationHours;

  async function upcoming(context: TurnContext): Promise<Appointment[]> {
    const all = await listAppointments(runtime.db, context.tenant.id, {
      contactId: context.contact.id,
      from: context.now,
    });
    return all.filter((appointment) => appointment.status !== 'cancelled');
  }

  async function candidates(context: TurnContext, purpose: Purpose): Promise<Appointment[]> {
    const list = await upcoming(context);
    return purpose === 'confirm' ? list.filter((appointment) => appointment.status === 'pending') : list;
  }

  async function current(context: TurnContext, appointmentId: unknown): Promise<Appointment | undefined> {
    if (typeof appointmentId !== 'string') return undefined;
    const found = await getAppointment(runtime.db, context.tenant.id, context.contact.id, appointmentId);
    return found && found.status !== 'cancelled' && found.start > context.now ? found : undefined;
  }

  function own(context: TurnContext, appointmentId: string) {
    return { tenantId: context.tenant.id, contactId: context.contact.id, appointmentId };
  }

  /** The facts the confirmation questions are phrased from, kept as the flow's values. */
  function factsOf(appointment: Appointment, context: TurnContext): SlotValues {
    const timezone = context.tenant.timezone;
    return {
      appointment: appointment.id,
      serviceId: appointment.serviceId,
      professionalId: appointment.professionalId,
      start: formatInstant(appointment.start, timezone),
    };
  }

  function lateNote(context: TurnContext, start: Date, template: string): string {
    return cancellationTerms(hours, start, context.now).free ? '' : context.render(template, { hours });
  }

  function nothingToDo(context: TurnContext, purpose: Purpose): void {
    context.say(purpose === 'confirm' ? 'appointments.none_pending' : 'appointments.none_upcoming');
  }

  async function confirmNow(context: TurnContext, appointment: Appointment): Promise<void> {
    context.effects.push(async (transaction) => {
      await confirmAppointment(transaction, own(context, appointment.id), context.now);
    });
    context.say('appointments.confirmed', {
      service: serviceName(data, appointment.serviceId),
      when: formatDateTime(appointment.start, context),
    });
  }

  async function act(context: TurnContext, purpose: Purpose, appointment: Appointment): Promise<void> {
    if (purpose === 'confirm') return confirmNow(context, appointment);
    await startFlow(
      context,
      purpose === 'cancel' ? cancelFlow : rescheduleFlow,
      factsOf(appointment, context),
    );
  }

  function pickFlow(purpose: Purpose): Flow {
    return {
      name: `pick_${purpose}`,
      title: `appointments.flow_${purpose}`,
      slots: [
        {
          name: 'appointment',
          type: 'choice',
          prompt: `appointments.ask_which_${purpose}`,
          async options(context) {
            return (await candidates(context, purpose)).map((appointment) =>
              appointmentButton(data, appointment, context),
            );
          },
        },
      ],
      async complete(context, slots) {
        const appointment = await current(context, slots.appointment);
        if (!appointment) return nothingToDo(context, purpose);
        await act(context, purpose, appointment);
      },
    };
  }

  const cancelFlow: Flow = {
    name: 'cancel',
    title: 'appointments.flow_cancel',
    slots: [{ name: 'appointment', type: 'text', prompt: 'appointments.ask_which_cancel' }],
    confirm: 'appointments.confirm_cancel',
    cancelled: 'appointments.cancel_kept',
    variables(context, slots) {
      const start = new Date(String(slots.start));
      return {
        service: serviceName(data, slots.serviceId),
        when: formatDateTime(start, context),
        late: lateNote(context, start, 'appointments.late_cancel_note'),
      };
    },
    async complete(context, slots) {
      const appointment = await current(context, slots.appointment);
      if (!appointment) return nothingToDo(context, 'cancel');
      context.effects.push(async (transaction) => {
        await cancelAppointment(
          transaction,
          own(context, appointment.id),
          // The customer saw the cost of a late cancellation in the question and said yes.
          { freeCancellationHours: hours, acceptLate: true },
          context.now,
        );
      });
      context.say('appointments.cancelled', {
        service: serviceName(data, appointment.serviceId),
        when: formatDateTime(appointment.start, context),
      });
    },
  };

  async function rescheduleTarget(context: TurnContext, slots: SlotValues): Promise<TimeTarget | null> {
    const appointment = await current(context, slots.appointment);
    if (!appointment) return null;
    const history = (await contactHistory(toolContextOf(runtime, context))).filter(
      (other) => other.id !== appointment.id,
    );
    const decision = decideBooking(data, appointment.serviceId, history, context.now);
    const others = professionalsFor(data, appointment.serviceId)
      .map((professional) => professional.id)
      .filter((id) => id !== appointment.professionalId);
    return {
      serviceId: appointment.serviceId,
      professionalIds: [appointment.professionalId, ...others],
      notBefore: decision?.kind === 'bookable' ? decision.notBefore : undefined,
      excludeAppointmentId: appointment.id,
    };
  }

  const rescheduleFlow: Flow = {
    name: 'reschedule',
    title: 'appointments.flow_reschedule',
    slots: [createTimeSlot({ runtime, prompt: 'appointments.ask_new_time', target: rescheduleTarget })],
    confirm: 'appointments.confirm_reschedule',
    cancelled: 'appointments.reschedule_kept',
    variables(context, slots) {
      const currentStart = new Date(String(slots.start));
      const start = exactStart(slots.time, context.tenant.timezone);
      return {
        service: serviceName(data, slots.serviceId),
        current: formatDateTime(currentStart, context),
        when: start ? formatDateTime(start, context) : '',
        late: lateNote(context, currentStart, 'appointments.late_change_note'),
      };
    },
    async complete(context, slots) {
      const appointment = await current(context, slots.appointment);
      const start = exactStart(slots.time, context.tenant.timezone);
      const target = await rescheduleTarget(context, slots);
      if (!appointment || !start || !target) return nothingToDo(context, 'reschedule');
      const choice = await checkTime(runtime, context, target, start);
      if (!choice.ok) {
        context.say('appointments.slot_lost');
        const { time: _time, ...kept } = slots;
        return startFlow(context, rescheduleFlow, {
          ...kept,
          around: { value: formatInstant(start, context.tenant.timezone), grain: null },
        });
      }
      const { slot } = choice;
      const status = initialStatus(data.policies);
      // A lost race throws `slot_taken`: the turn is replayed and then sees the time taken.
      context.effects.push(async (transaction) => {
        await rescheduleAppointment(
          transaction,
          own(context, appointment.id),
          { professionalId: slot.professionalId, start: slot.start, end: slot.end, status },
          { freeCancellationHours: hours, acceptLate: true },
          context.now,
        );
      });
      context.say(status === 'pending' ? 'appointments.rescheduled' : 'appointments.rescheduled_confirmed', {
        service: serviceName(data, appointment.serviceId),
        when: formatDateTime(slot.start, context),
        professional: professionalName(data, slot.professionalId),
      });
    },
  };

  const picks = {
    confirm: pickFlow('confirm'),
    cancel: pickFlow('cancel'),
    reschedule: pickFlow('reschedule'),
  };

  async function start(context: TurnContext, purpose: Purpose): Promise<void> {
    const list = await candidates(context, purpose);
    if (list.length === 0) return nothingToDo(context, purpose);
    if (list.length === 1) return act(context, purpose, list[0]!);
    await startFlow(context, picks[purpose]);
  }

  return {
    flows: [picks.confirm, picks.cancel, picks.reschedule, cancelFlow, rescheduleFlow],
    start,
    upcoming,
  };
}
