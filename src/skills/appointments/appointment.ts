/** The appointment as the skill sees it, and the coded errors its storage raises. */
import { OrquestaError, type ErrorCode } from '../../core/errors.ts';

export const APPOINTMENT_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;

/** `pending` until the customer confirms (when the business requires it), `confirmed`, or `cancelled`. */
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
  id: string;
  tenantId: string;
  contactId: string;
  conversationId: string | null;
  serviceId: string;
  professionalId: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  reminderSentAt: Date | null;
  cancelledAt: Date | null;
  /** Cancelled (or moved) inside the paid-cancellation window, with the customer's consent. */
  lateCancellation: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A professional's time taken by an appointment that is not cancelled. */
export interface BusyInterval {
  appointmentId: string;
  professionalId: string;
  start: Date;
  end: Date;
}

const REASON_CODES = {
  /** The professional already has an appointment overlapping the asked time. */
  slot_taken: 'conflict',
  /** No appointment with that id belongs to this contact of this tenant. */
  not_found: 'not_found',
  /** The appointment is cancelled; it cannot be confirmed, cancelled again or moved. */
  cancelled: 'conflict',
  /** The appointment has already started or is over. */
  already_started: 'conflict',
  /** The start or end is not usable (misaligned, end before start). */
  invalid_time: 'invalid_request',
} as const satisfies Record<string, ErrorCode>;

export type AppointmentErrorReason = keyof typeof REASON_CODES;

/** A domain error of the appointments storage; `reason` says which, `code` maps it to HTTP at the edge. */
export class AppointmentError extends OrquestaError {
  readonly reason: AppointmentErrorReason;

  constructor(reason: AppointmentErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(REASON_CODES[reason], message, { ...options, details: { reason } });
    this.name = 'AppointmentError';
    this.reason = reason;
  }
}

export function isAppointmentError(error: unknown): error is AppointmentError {
  return error instanceof AppointmentError;
}
