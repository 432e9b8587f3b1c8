/** Input pieces shared by the appointment tools, and the context they run with. */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { ToolContext } from '../tool.ts';
import { PARTS_OF_DAY } from './availability.ts';
import {
  findProfessional,
  findService,
  type BusinessData,
  type Professional,
  type Service,
} from './business-data.ts';

/** The tool context, plus the conversation a booking is made in (stored on the appointment when given). */
export type AppointmentToolContext = ToolContext & { readonly conversationId?: string };

/** An instant as the `time` entity gives it: `2026-11-24T15:00:00.000-05:00`. */
export const instantInput = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time with an offset, e.g. 2026-11-24T15:00:00.000-05:00',
});

export const dateInput = z.iso.date({ error: 'must be a date written YYYY-MM-DD, e.g. 2026-11-24' });

const SPANISH_PARTS: Record<string, (typeof PARTS_OF_DAY)[number]> = {
  manana: 'morning',
  mañana: 'morning',
  tarde: 'afternoon',
  noche: 'night',
};

/** morning | afternoon | night; the Spanish mañana, tarde and noche are accepted too. */
export const partOfDayInput = z.preprocess(
  (value) => (typeof value === 'string' ? (SPANISH_PARTS[value.trim().toLowerCase()] ?? value) : value),
  z.enum(PARTS_OF_DAY, { error: 'must be morning, afternoon or night (mañana, tarde, noche)' }),
);

export const appointmentIdInput = z.string().min(1, 'must be the id of one of the contact’s appointments');

export function serviceOrThrow(data: BusinessData, serviceId: string): Service {
  const service = findService(data, serviceId);
  if (!service) {
    throw new OrquestaError(
      'invalid_request',
      `serviceId: no service "${serviceId}" — use one of: ${data.services.map((s) => s.id).join(', ')}`,
    );
  }
  return service;
}

export function professionalOrThrow(data: BusinessData, professionalId: string): Professional {
  const professional = findProfessional(data, professionalId);
  if (!professional) {
    throw new OrquestaError(
      'invalid_request',
      `professionalId: no professional "${professionalId}" — use one of: ${data.professionals.map((p) => p.id).join(', ')}`,
    );
  }
  return professional;
}
