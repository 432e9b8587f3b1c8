/**
 * Appointments in the database. Booking and moving claim the professional's 15-minute blocks in the same
 * transaction as the appointment row, so the database itself refuses a double booking (see migration
 * 0003). Every change is limited to the contact's own appointments: another contact's id is "not found".
 *
 * Each function accepts the database or a transaction (a turn's commit); inside a transaction its writes
 * run under a savepoint, so a refused booking leaves the surrounding transaction usable on PostgreSQL.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { createId } from '../../core/ids.ts';
import { isPostgres } from '../../storage/dialect.ts';
import type { AppointmentRow, Database } from '../../storage/schema.ts';
import {
  AppointmentError,
  type Appointment,
  type AppointmentStatus,
  type BusyInterval,
} from './appointment.ts';
import { BLOCK_MINUTES } from './business-data.ts';
import { cancellationTerms } from './policies.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const BLOCK_MS = BLOCK_MINUTES * 60_000;

function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    contactId: row.contact_id,
    conversationId: row.conversation_id,
    serviceId: row.service_id,
    professionalId: row.professional_id,
    start: new Date(row.start_at),
    end: new Date(row.end_at),
    status: row.status as AppointmentStatus,
    reminderSentAt: row.reminder_sent_at === null ? null : new Date(row.reminder_sent_at),
    cancelledAt: row.cancelled_at === null ? null : new Date(row.cancelled_at),
    lateCancellation: Number(row.late_cancellation) === 1,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

let savepoints = 0;

/** Runs `work` in a transaction of its own, or under a savepoint of the caller's transaction. */
async function atomically<T>(db: Executor, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(work);
  const name = sql.raw(`appointments_${++savepoints}`);
  await sql`savepoint ${name}`.execute(db);
  try {
    const result = await work(db);
    await sql`release savepoint ${name}`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(db);
    await sql`release savepoint ${name}`.execute(db);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function assertTimes(start: Date, end: Date): void {
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end.getTime() <= start.getTime()) {
    throw new AppointmentError(
      'invalid_time',
      'an appointment must end after it starts — check start and end',
    );
  }
  if (start.getTime() % BLOCK_MS !== 0 || end.getTime() % BLOCK_MS !== 0) {
    throw new AppointmentError(
      'invalid_time',
      `appointment ${start.toISOString()}–${end.toISOString()} is not on quarter hours — start and end at :00, :15, :30 or :45`,
    );
  }
}

async function claimBlocks(
  trx: Kysely<Database>,
  appointment: { id: string; tenantId: string; professionalId: string; start: Date; end: Date },
): Promise<void> {
  const rows = [];
  // Ascending order: concurrent bookings lock blocks in the same order, so they cannot deadlock.
  for (let at = appointment.start.getTime(); at < appointment.end.getTime(); at += BLOCK_MS) {
    rows.push({
      tenant_id: appointment.tenantId,
      professional_id: appointment.professionalId,
      block_start: new Date(at).toISOString(),
      appointment_id: appointment.id,
    });
  }
  await trx.insertInto('appointment_claims').values(rows).execute();
}

async function releaseBlocks(trx: Kysely<Database>, appointmentId: string): Promise<void> {
  await trx.deleteFrom('appointment_claims').where('appointment_id', '=', appointmentId).execute();
}

function slotTaken(professionalId: string, start: Date, end: Date, cause: unknown): AppointmentError {
  return new AppointmentError(
    'slot_taken',
    `professional "${professionalId}" already has an appointment overlapping ${start.toISOString()}–${end.toISOString()} — choose another time`,
    { cause },
  );
}

export interface NewAppointment {
  tenantId: string;
  contactId: string;
  conversationId?: string | null;
  serviceId: string;
  professionalId: string;
  start: Date;
  end: Date;
  /** `pending` when the business requires the customer's confirmation (see `initialStatus`). */
  status: Exclude<AppointmentStatus, 'cancelled'>;
}

/**
 * Stores a new appointment and claims its professional's time. Throws an `AppointmentError` with reason
 * `slot_taken` when the professional has an overlapping appointment (nothing is stored), `invalid_time`
 * when the times are not on quarter hours. Business rules (hours, notice, valuation) are the caller's.
 */
export async function bookAppointment(db: Executor, input: NewAppointment, now: Date): Promise<Appointment> {
  assertTimes(input.start, input.end);
  const at = now.toISOString();
  const row: AppointmentRow = {
    id: createId('apt', now),
    tenant_id: input.tenantId,
    contact_id: input.contactId,
    conversation_id: input.conversationId ?? null,
    service_id: input.serviceId,
    professional_id: input.professionalId,
    start_at: input.start.toISOString(),
    end_at: input.end.toISOString(),
    status: input.status,
    reminder_sent_at: null,
    cancelled_at: null,
    late_cancellation: 0,
    created_at: at,
    updated_at: at,
  };
  try {
    await atomically(db, async (trx) => {
      await trx.insertInto('appointments').values(row).execute();
      await claimBlocks(trx, { ...input, id: row.id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slotTaken(input.professionalId, input.start, input.end, error);
    throw error;
  }
  return toAppointment(row);
}

/** The contact's appointment, or undefined when there is none with that id for this contact. */
export async function getAppointment(
  db: Executor,
  tenantId: string,
  contactId: string,
  appointmentId: string,
): Promise<Appointment | undefined> {
  const row = await db
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where('id', '=', appointmentId)
    .executeTakeFirst();
  return row && toAppointment(row);
}

interface OwnAppointment {
  tenantId: string;
  contactId: string;
  appointmentId: string;
}

/** Reads the contact's appointment for a change, locking it on PostgreSQL; it must not be cancelled or started. */
async function changeable(trx: Kysely<Database>, own: OwnAppointment, now: Date): Promise<Appointment> {
  const query = trx
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', own.tenantId)
    .where('contact_id', '=', own.contactId)
    .where('id', '=', own.appointmentId);
  const row = await (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst();
  if (!row) {
    throw new AppointmentError(
      'not_found',
      `this contact has no appointment "${own.appointmentId}" — list theirs first`,
    );
  }
  const appointment = toAppointment(row);
  if (appointment.status === 'cancelled') {
    throw new AppointmentError(
      'cancelled',
      `appointment "${appointment.id}" is cancelled — book a new one instead`,
    );
  }
  if (appointment.start.getTime() <= now.getTime()) {
    throw new AppointmentError('already_started', `appointment "${appointment.id}" has already started`);
  }
  return appointment;
}

/**
 * Marks the contact's appointment confirmed; confirming it again changes nothing. Throws `not_found`,
 * `cancelled` or `already_started`.
 */
export async function confirmAppointment(db: Executor, own: OwnAppointment, now: Date): Promise<Appointment> {
  return atomically(db, async (trx) => {
    const appointment = await changeable(trx, own, now);
    if (appointment.status === 'confirmed') return appointment;
    await trx
      .updateTable('appointments')
      .set({ status: 'confirmed', updated_at: now.toISOString() })
      .where('id', '=', appointment.id)
      .execute();
    return { ...appointment, status: 'confirmed', updatedAt: now };
  });
}

export interface LateChangeOptions {
  /** Hours before the start until which cancelling or moving is free (the business's policy). */
  freeCancellationHours: number;
  /**
   * The customer accepted the cost of a late change. Without it, a change inside the paid window is not
   * made: the result says `late`, so the conversation can ask first.
   */
  acceptLate?: boolean;
}

export type CancelResult =
  | { outcome: 'cancelled'; appointment: Appointment; late: boolean }
  | { outcome: 'late'; appointment: Appointment; freeUntil: Date };

/**
 * Cancels the contact's appointment and frees its time. Inside the paid-cancellation window it is only
 * cancelled when `acceptLate` is set (and is then marked a late cancellation); otherwise nothing changes
 * and the result is `late`. Throws `not_found`, `cancelled` or `already_started`.
 */
export async function cancelAppointment(
  db: Executor,
  own: OwnAppointment,
  options: LateChangeOptions,
  now: Date,
): Promise<CancelResult> {
  return atomically(db, async (trx) => {
    const appointment = await changeable(trx, own, now);
    const terms = cancellationTerms(options.freeCancellationHours, appointment.start, now);
    if (!terms.free && !options.acceptLate)
      return { outcome: 'late', appointment, freeUntil: terms.freeUntil };
    const late = !terms.free;
    await trx
      .updateTable('appointments')
      .set({
        status: 'cancelled',
        cancelled_at: now.toISOString(),
        late_cancellation: late ? 1 : 0,
        updated_at: now.toISOString(),
      })
      .where('id', '=', appointment.id)
      .execute();
    await releaseBlocks(trx, appointment.id);
    return {
      outcome: 'cancelled',
      appointment: {
        ...appointment,
        status: 'cancelled',
        cancelledAt: now,
        lateCancellation: late,
        updatedAt: now,
      },
      late,
    };
  });
}

export interface NewTime {
  professionalId: string;
  start: Date;
  end: Date;
  /** The status after the move: `pending` again when the business requires confirmation. */
  status: Exclude<AppointmentStatus, 'cancelled'>;
}

export type RescheduleResult =
  | { outcome: 'rescheduled'; appointment: Appointment; previous: Appointment; late: boolean }
  | { outcome: 'late'; appointment: Appointment; freeUntil: Date };

/**
 * Moves the contact's appointment to a new time (and possibly another professional) atomically: either
 * the old time is freed and the new one claimed, or nothing changes. Moving follows the cancellation
 * window like cancelling. The reminder becomes due again. Throws `slot_taken`, `invalid_time`,
 * `not_found`, `cancelled` or `already_started`.
 */
export async function rescheduleAppointment(
  db: Executor,
  own: OwnAppointment,
  to: NewTime,
  options: LateChangeOptions,
  now: Date,
): Promise<RescheduleResult> {
  assertTimes(to.start, to.end);
  try {
    return await atomically(db, async (trx): Promise<RescheduleResult> => {
      const previous = await changeable(trx, own, now);
      const terms = cancellationTerms(options.freeCancellationHours, previous.start, now);
      if (!terms.free && !options.acceptLate) {
        return { outcome: 'late', appointment: previous, freeUntil: terms.freeUntil };
      }
      const late = !terms.free || previous.lateCancellation;
      await releaseBlocks(trx, previous.id);
      await claimBlocks(trx, { ...to, id: previous.id, tenantId: previous.tenantId });
      await trx
        .updateTable('appointments')
        .set({
          professional_id: to.professionalId,
          start_at: to.start.toISOString(),
          end_at: to.end.toISOString(),
          status: to.status,
          reminder_sent_at: null,
          late_cancellation: late ? 1 : 0,
          updated_at: now.toISOString(),
        })
        .where('id', '=', previous.id)
        .execute();
      const appointment: Appointment = {
        ...previous,
        professionalId: to.professionalId,
        start: to.start,
        end: to.end,
        status: to.status,
        reminderSentAt: null,
        lateCancellation: late,
        updatedAt: now,
      };
      return { outcome: 'rescheduled', appointment, previous, late: !terms.free };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slotTaken(to.professionalId, to.start, to.end, error);
    throw error;
  }
}

export interface AppointmentFilters {
  contactId?: string;
  /** Appointments starting at or after this instant. */
  from?: Date;
  /** Appointments starting before this instant. */
  to?: Date;
  status?: AppointmentStatus;
  /** At most this many, earliest first; 200 unless given. */
  limit?: number;
}

/** A tenant's appointments by contact, start and status, earliest first (the admin API's listing). */
export async function listAppointments(
  db: Executor,
  tenantId: string,
  filters: AppointmentFilters = {},
): Promise<Appointment[]> {
  let query = db.selectFrom('appointments').selectAll().where('tenant_id', '=', tenantId);
  if (filters.contactId !== undefined) query = query.where('contact_id', '=', filters.contactId);
  if (filters.from) query = query.where('start_at', '>=', filters.from.toISOString());
  if (filters.to) query = query.where('start_at', '<', filters.to.toISOString());
  if (filters.status) query = query.where('status', '=', filters.status);
  const rows = await query
    .orderBy('start_at')
    .orderBy('id')
    .limit(filters.limit ?? 200)
    .execute();
  return rows.map(toAppointment);
}

/** The time taken by non-cancelled appointments overlapping [from, to), optionally of some professionals. */
export async function listBusyIntervals(
  db: Executor,
  tenantId: string,
  span: { from: Date; to: Date; professionalIds?: readonly string[] },
): Promise<BusyInterval[]> {
  let query = db
    .selectFrom('appointments')
    .select(['id', 'professional_id', 'start_at', 'end_at'])
    .where('tenant_id', '=', tenantId)
    .where('status', '!=', 'cancelled')
    .where('start_at', '<', span.to.toISOString())
    .where('end_at', '>', span.from.toISOString());
  if (span.professionalIds) {
    if (span.professionalIds.length === 0) return [];
    query = query.where('professional_id', 'in', [...span.professionalIds]);
  }
  const rows = await query.orderBy('start_at').execute();
  return rows.map((row) => ({
    appointmentId: row.id,
    professionalId: row.professional_id,
    start: new Date(row.start_at),
    end: new Date(row.end_at),
  }));
}

/**
 * Appointments whose reminder is due at `now`: not cancelled, starting within the next `hoursBefore`
 * hours, reminder not sent yet. For the reminder scheduler, which marks each one with `markReminderSent`.
 */
export async function listAppointmentsDueReminder(
  db: Executor,
  tenantId: string,
  options: { now: Date; hoursBefore: number; limit?: number },
): Promise<Appointment[]> {
  const rows = await db
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['pending', 'confirmed'])
    .where('reminder_sent_at', 'is', null)
    .where('start_at', '>', options.now.toISOString())
    .where('start_at', '<=', new Date(options.now.getTime() + options.hoursBefore * 3_600_000).toISOString())
    .orderBy('start_at')
    .orderBy('id')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toAppointment);
}

/**
 * Records that the appointment's reminder went out. False when it was already marked (by another
 * scheduler process) or the appointment is cancelled or unknown: then the caller must not send it.
 */
export async function markReminderSent(
  db: Executor,
  tenantId: string,
  appointmentId: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('appointments')
    .set({ reminder_sent_at: at.toISOString() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', appointmentId)
    .where('reminder_sent_at', 'is', null)
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
