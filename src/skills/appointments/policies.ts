/**
 * The business's booking policies as pure decisions: which services the bot may book, the valuation a
 * treatment must follow, the initial status, and the free-cancellation window.
 */
import type { Appointment, AppointmentStatus } from './appointment.ts';
import { findService, type BookingPolicies, type BusinessData, type Service } from './business-data.ts';

export type BookingDecision =
  | {
      kind: 'bookable';
      service: Service;
      /** For a service that requires a valuation: the end of the valuation it must follow. */
      notBefore?: Date;
    }
  /** Not bookable by the bot: a human (the business's advisors) takes it. */
  | { kind: 'handoff'; service: Service }
  /** Requires a valuation the contact does not have: offer the valuation instead. */
  | { kind: 'valuation_first'; service: Service; valuationService: Service };

/**
 * The end of the contact's earliest valuation that qualifies a treatment: a confirmed valuation (past or
 * to come), or a pending one still to come (booked, waiting for confirmation). A past valuation that
 * was never confirmed does not count — nothing says it took place. Null when there is none.
 */
export function valuationEnd(
  history: readonly Pick<Appointment, 'serviceId' | 'status' | 'start' | 'end'>[],
  valuationServiceId: string,
  now: Date,
): Date | null {
  let earliest: Date | null = null;
  for (const appointment of history) {
    if (appointment.serviceId !== valuationServiceId) continue;
    const qualifies =
      appointment.status === 'confirmed' ||
      (appointment.status === 'pending' && appointment.start.getTime() > now.getTime());
    if (qualifies && (earliest === null || appointment.end.getTime() < earliest.getTime())) {
      earliest = appointment.end;
    }
  }
  return earliest;
}

/**
 * What the bot may do when the contact asks for a service: book it, hand it to a human (`agendable:
 * false` — checked first, a non-bookable service goes to a human even when it also requires a
 * valuation), or offer the valuation first. Undefined for an unknown service id.
 */
export function decideBooking(
  data: BusinessData,
  serviceId: string,
  history: readonly Pick<Appointment, 'serviceId' | 'status' | 'start' | 'end'>[],
  now: Date,
): BookingDecision | undefined {
  const service = findService(data, serviceId);
  if (!service) return undefined;
  if (!service.bookable) return { kind: 'handoff', service };
  if (!service.requiresValuation) return { kind: 'bookable', service };
  const valuationService = findService(data, data.policies.valuationServiceId);
  // The loader guarantees the valuation service exists whenever a service requires one.
  if (!valuationService) return { kind: 'handoff', service };
  const end = valuationEnd(history, valuationService.id, now);
  if (end === null) return { kind: 'valuation_first', service, valuationService };
  return { kind: 'bookable', service, notBefore: end };
}

/** The status a new appointment starts with. */
export function initialStatus(policies: BookingPolicies): Exclude<AppointmentStatus, 'cancelled'> {
  return policies.confirmationRequired ? 'pending' : 'confirmed';
}

export interface CancellationTerms {
  /** True while cancelling or moving costs nothing. */
  free: boolean;
  /** The last instant at which cancelling is free. */
  freeUntil: Date;
  /** True once the appointment has started: it can no longer be cancelled or moved. */
  started: boolean;
}

/** The cancellation terms of an appointment starting at `start`, seen at `now`. */
export function cancellationTerms(freeCancellationHours: number, start: Date, now: Date): CancellationTerms {
  const freeUntil = new Date(start.getTime() - freeCancellationHours * 3_600_000);
  return {
    free: now.getTime() <= freeUntil.getTime(),
    freeUntil,
    started: now.getTime() >= start.getTime(),
  };
}
