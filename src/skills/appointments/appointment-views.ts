/** What the tools give back about slots and appointments: names for templates, times on the tenant's clock. */
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { Appointment, AppointmentStatus } from './appointment.ts';
import type { Slot } from './availability.ts';
import { findProfessional, findService, type BusinessData } from './business-data.ts';
import { cancellationTerms } from './policies.ts';

export interface SlotView {
  /** `2026-11-24T10:00:00.000-05:00` */
  start: string;
  end: string;
  professionalId: string;
  professionalName: string;
}

export interface AppointmentView {
  id: string;
  serviceId: string;
  serviceName: string;
  professionalId: string;
  professionalName: string;
  start: string;
  end: string;
  status: AppointmentStatus;
  /** Until when cancelling or moving it is free. */
  freeCancellationUntil: string;
  lateCancellation: boolean;
}

export function toSlotView(data: BusinessData, timezone: string, slot: Slot): SlotView {
  return {
    start: formatInstant(slot.start, timezone),
    end: formatInstant(slot.end, timezone),
    professionalId: slot.professionalId,
    professionalName: findProfessional(data, slot.professionalId)?.name ?? slot.professionalId,
  };
}

/** `toSlotView` over a list, for the tools' answers. */
export function toSlotViews(data: BusinessData, timezone: string, slots: readonly Slot[]): SlotView[] {
  return slots.map((slot) => toSlotView(data, timezone, slot));
}

export function toAppointmentView(
  data: BusinessData,
  timezone: string,
  appointment: Appointment,
): AppointmentView {
  const terms = cancellationTerms(data.policies.freeCancellationHours, appointment.start, appointment.start);
  return {
    id: appointment.id,
    serviceId: appointment.serviceId,
    // A service or professional removed from the file since the booking still shows by its id.
    serviceName: findService(data, appointment.serviceId)?.name ?? appointment.serviceId,
    professionalId: appointment.professionalId,
    professionalName: findProfessional(data, appointment.professionalId)?.name ?? appointment.professionalId,
    start: formatInstant(appointment.start, timezone),
    end: formatInstant(appointment.end, timezone),
    status: appointment.status,
    freeCancellationUntil: formatInstant(terms.freeUntil, timezone),
    lateCancellation: appointment.lateCancellation,
  };
}
