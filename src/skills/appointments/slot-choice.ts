/** Loading what availability needs from the database, and picking a professional for an asked time. */
import {
  ALTERNATIVES_AFTER_DAYS,
  ALTERNATIVES_BEFORE_DAYS,
  checkSlot,
  nearestFreeSlots,
  type AvailabilityContext,
  type Slot,
  type SlotProblem,
} from './availability.ts';
import { listBusyIntervals } from './appointments-repository.ts';
import { professionalsFor, type BusinessData } from './business-data.ts';
import type { AppointmentToolContext } from './tool-inputs.ts';

const DAY = 86_400_000;

/** The availability context for a span, leaving out one appointment (the one being moved). */
export async function loadAvailability(
  data: BusinessData,
  context: AppointmentToolContext,
  span: { from: Date; to: Date },
  excludeAppointmentId?: string,
): Promise<AvailabilityContext> {
  const busy = await listBusyIntervals(context.db, context.tenant.id, {
    from: new Date(span.from.getTime() - DAY),
    to: new Date(span.to.getTime() + DAY),
  });
  return {
    data,
    timezone: context.tenant.timezone,
    now: context.now,
    busy: busy.filter((interval) => interval.appointmentId !== excludeAppointmentId),
  };
}

/** The span whose busy time is needed to check `at` and propose alternatives around it. */
export function spanAround(at: Date): { from: Date; to: Date } {
  return {
    from: new Date(at.getTime() - ALTERNATIVES_BEFORE_DAYS * DAY),
    to: new Date(at.getTime() + ALTERNATIVES_AFTER_DAYS * DAY),
  };
}

export type SlotChoice = { ok: true; slot: Slot } | { ok: false; problem: SlotProblem; alternatives: Slot[] };

/**
 * The first of the candidate professionals (in order) free for the service at `start`; otherwise the
 * reason and the nearest alternatives. Without a preference every professional who offers the service
 * is a candidate. A `taken` professional explains the refusal better than one not working then.
 */
export function chooseSlot(
  availability: AvailabilityContext,
  request: { serviceId: string; professionalIds?: readonly string[]; start: Date; notBefore?: Date },
): SlotChoice {
  const candidates =
    request.professionalIds ?? professionalsFor(availability.data, request.serviceId).map((p) => p.id);
  const problems: SlotProblem[] = [];
  for (const professionalId of candidates) {
    const check = checkSlot(availability, { ...request, professionalId });
    if (check.ok) return check;
    problems.push(check.problem);
  }
  const problem = problems.includes('taken') ? 'taken' : (problems[0] ?? 'not_offered');
  // A professional who does not offer the service gets alternatives with those who do.
  const single = candidates.length === 1 && problem !== 'not_offered' ? candidates[0] : undefined;
  const alternatives = nearestFreeSlots(availability, {
    serviceId: request.serviceId,
    professionalId: single,
    at: request.start,
    notBefore: request.notBefore,
  });
  return { ok: false, problem, alternatives };
}
