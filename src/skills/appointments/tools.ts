/**
 * The appointments skill's tools, built from the business data: `find_free_slots`, `book_appointment`,
 * `confirm_appointment`, `cancel_appointment`, `reschedule_appointment` and `list_my_appointments`.
 * Each returns a result the conversation phrases (`status` says which); only unknown ids and malformed
 * input throw.
 */
import type { Tool } from '../tool.ts';
import { createBookingTools } from './booking-tools.ts';
import type { BusinessData } from './business-data.ts';
import { createChangeTools } from './change-tools.ts';

export type { AppointmentToolContext } from './tool-inputs.ts';

export function createAppointmentTools(data: BusinessData): Tool[] {
  return [...createBookingTools(data), ...createChangeTools(data)];
}
