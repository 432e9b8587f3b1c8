/** Admin route over a tenant's appointments: `GET /api/v1/tenants/{tenant}/appointments`. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orquesta } from '../../orquesta.ts';
import { APPOINTMENT_STATUSES } from '../../skills/appointments/appointment.ts';
import {
  appointmentListQuerySchema,
  toApiAppointment,
  toAppointmentFilters,
} from '../../skills/appointments/appointments-api.ts';
import { listAppointments } from '../../skills/appointments/appointments-repository.ts';
import { requireTenant } from '../auth.ts';
import { errorResponses, tenantParams } from './admin-schemas.ts';

const appointmentItem = z.object({
  id: z.string(),
  contactId: z.string(),
  serviceId: z.string(),
  professionalId: z.string(),
  start: z.string().describe("On the tenant's clock, e.g. 2026-11-24T10:00:00.000-05:00."),
  end: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
});

export function appointmentRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  return async (app) => {
    app.get(
      '/tenants/:tenant/appointments',
      {
        schema: {
          tags: ['appointments'],
          summary: "List the tenant's appointments, earliest first (at most 200)",
          params: tenantParams,
          querystring: appointmentListQuerySchema,
          response: { 200: z.array(appointmentItem), ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const appointments = await listAppointments(db, tenant.id, toAppointmentFilters(request.query));
        return appointments.map((appointment) => toApiAppointment(appointment, tenant.timezone));
      },
    );
  };
}
