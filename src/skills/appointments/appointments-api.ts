/**
 * The admin API's view of appointments, for
 * `GET /api/v1/tenants/{tenant}/appointments?contactId=&from=&to=&status=`: the query's schema and the
 * shape of each item, with times on the tenant's clock (`2026-11-24T10:00:00.000-05:00`).
 */
import { z } from 'zod';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import { APPOINTMENT_STATUSES, type Appointment, type AppointmentStatus } from './appointment.ts';
import type { AppointmentFilters } from './appointments-repository.ts';

const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time with an offset, e.g. 2026-11-24T00:00:00-05:00',
});

/** The query string of the listing; `from`/`to` bound the start time, [from, to). */
export const appointmentListQuerySchema = z
  .object({
    contactId: z.string().min(1, 'must not be empty — give a contact id or leave it out').optional(),
    from: instant.optional(),
    to: instant.optional(),
    status: z
      .enum(APPOINTMENT_STATUSES, { error: `must be one of: ${APPOINTMENT_STATUSES.join(', ')}` })
      .optional(),
  })
  .refine((query) => !query.from || !query.to || new Date(query.from) < new Date(query.to), {
    message: 'from must be before to — swap them',
    path: ['from'],
  });

export type AppointmentListQuery = z.infer<typeof appointmentListQuerySchema>;

/** The repository filters for a validated query. */
export function toAppointmentFilters(query: AppointmentListQuery): AppointmentFilters {
  return {
    contactId: query.contactId,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
    status: query.status,
  };
}

export interface ApiAppointment {
  id: string;
  contactId: string;
  serviceId: string;
  professionalId: string;
  start: string;
  end: string;
  status: AppointmentStatus;
}

/** One listing item, with `start` and `end` in the tenant's time zone. */
export function toApiAppointment(appointment: Appointment, timezone: string): ApiAppointment {
  return {
    id: appointment.id,
    contactId: appointment.contactId,
    serviceId: appointment.serviceId,
    professionalId: appointment.professionalId,
    start: formatInstant(appointment.start, timezone),
    end: formatInstant(appointment.end, timezone),
    status: appointment.status,
  };
}
