/** What the appointments conversation shares: its runtime, the tool context of a turn, and slot buttons. */
import type { Kysely } from 'kysely';
import type { Button } from '../../core/messages.ts';
import { formatTime, intlLocale } from '../../dialogue/format.ts';
import { readFlowState } from '../../dialogue/flow-state.ts';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { Database } from '../../storage/schema.ts';
import type { TurnContext } from '../skill.ts';
import type { Appointment } from './appointment.ts';
import type { Slot } from './availability.ts';
import { findProfessional, findService, type BusinessData } from './business-data.ts';
import type { AppointmentToolContext } from './tool-inputs.ts';

/** The business data and the database the skill reads while deciding (writes go to `context.effects`). */
export interface AppointmentsRuntime {
  data: BusinessData;
  db: Kysely<Database>;
}

/** The tools' context for this turn: the customer, the turn's clock, reads outside the commit. */
export function toolContextOf(runtime: AppointmentsRuntime, context: TurnContext): AppointmentToolContext {
  return {
    tenant: context.tenant,
    contactId: context.contact.id,
    now: context.now,
    db: runtime.db,
    conversationId: context.conversation.id,
    turnKey: context.turnKey,
  };
}

/** Whether the active flow's last question asked for this slot. */
export function isAwaiting(context: TurnContext, slotName: string): boolean {
  const awaiting = readFlowState(context.state, context.now).active?.awaiting;
  return awaiting?.kind === 'slot' && awaiting.slot === slotName;
}

/** A short label for a button or list row: "vie 27 nov, 10:00 a. m." (lists allow 24 characters). */
export function shortDateTime(start: Date, context: TurnContext): string {
  const parts = new Intl.DateTimeFormat(intlLocale(context), {
    timeZone: context.tenant.timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).formatToParts(start);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  const day =
    context.locale === 'en'
      ? `${part('weekday')} ${part('month')} ${part('day')}`
      : `${part('weekday')} ${part('day')} ${part('month')}`;
  return `${day.replace(/\./g, '')}, ${formatTime(start, context)}`;
}

/** Free slots as buttons whose ids are their start on the tenant's clock (read back as an exact time). */
export function slotButtons(slots: readonly Slot[], context: TurnContext): Button[] {
  return slots.map((slot) => ({
    id: formatInstant(slot.start, context.tenant.timezone),
    title: shortDateTime(slot.start, context),
  }));
}

export function serviceName(data: BusinessData, serviceId: unknown): string {
  return typeof serviceId === 'string' ? (findService(data, serviceId)?.name ?? serviceId) : '';
}

export function professionalName(data: BusinessData, professionalId: string): string {
  return findProfessional(data, professionalId)?.name ?? professionalId;
}

/** An appointment as a button: "Limpieza facial profunda · vie 27 nov, 10:00 a. m."; its id is the appointment's. */
export function appointmentButton(
  data: BusinessData,
  appointment: Appointment,
  context: TurnContext,
): Button {
  return {
    id: appointment.id,
    title: `${serviceName(data, appointment.serviceId)} · ${shortDateTime(appointment.start, context)}`,
  };
}
