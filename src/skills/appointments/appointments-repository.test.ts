import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/databases.ts';
import { AppointmentError, type Appointment } from './appointment.ts';
import { toApiAppointment } from './appointments-api.ts';
import {
  bookAppointment,
  cancelAppointment,
  confirmAppointment,
  getAppointment,
  listAppointments,
  listAppointmentsDueReminder,
  listBusyIntervals,
  markReminderSent,
  rescheduleAppointment,
  type NewAppointment,
} from './appointments-repository.ts';
import { bogota, openAppointmentsDatabase, TIMEZONE, type AppointmentsTestDatabase } from './test-support.ts';

const NOW = bogota('2026-11-20T09:00');
const WINDOW = { freeCancellationHours: 24 };

function booking(overrides: Partial<NewAppointment> = {}): NewAppointment {
  return {
    tenantId: 'clinica',
    contactId: 'ct_ana',
    serviceId: 'valoracion',
    professionalId: 'laura',
    start: bogota('2026-11-24T10:00'),
    end: bogota('2026-11-24T11:00'),
    status: 'pending',
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppointmentError) return error.reason;
    throw error;
  }
  throw new Error('expected an AppointmentError');
}

describe.each(DIALECTS)('appointments repository on %s', (dialect) => {
  let database: AppointmentsTestDatabase;

  async function open() {
    database = await openAppointmentsDatabase(dialect);
    return database.db;
  }

  afterEach(async () => {
    await database?.close();
  });

  const own = (appointment: Appointment, contactId = appointment.contactId) => ({
    tenantId: 'clinica',
    contactId,
    appointmentId: appointment.id,
  });

  it('books a pending appointment and lists it in the API shape, on the tenant clock', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking({ conversationId: null }), NOW);
    expect(appointment.status).toBe('pending');
    const [listed] = await listAppointments(db, 'clinica', { contactId: 'ct_ana' });
    expect(listed).toEqual(appointment);
    expect(toApiAppointment(listed!, TIMEZONE)).toEqual({
      id: appointment.id,
      contactId: 'ct_ana',
      serviceId: 'valoracion',
      professionalId: 'laura',
      start: '2026-11-24T10:00:00.000-05:00',
      end: '2026-11-24T11:00:00.000-05:00',
      status: 'pending',
    });
  });

  it('refuses an overlapping booking of the same professional and stores nothing', async () => {
    const db = await open();
    await bookAppointment(db, booking(), NOW);
    const overlapping = booking({
      contactId: 'ct_beto',
      start: bogota('2026-11-24T10:45'),
      end: bogota('2026-11-24T11:15'),
    });
    expect(await refusal(bookAppointment(db, overlapping, NOW))).toBe('slot_taken');
    await expect(bookAppointment(db, overlapping, NOW)).rejects.toThrow(
      /professional "laura" already has an appointment overlapping .* — choose another time/,
    );
    expect(await listAppointments(db, 'clinica', { contactId: 'ct_beto' })).toEqual([]);
    // Another professional at the same time, and the same professional right after, are fine.
    await bookAppointment(db, booking({ contactId: 'ct_beto', professionalId: 'andres' }), NOW);
    await bookAppointment(
      db,
      booking({ contactId: 'ct_beto', start: bogota('2026-11-24T11:00'), end: bogota('2026-11-24T11:30') }),
      NOW,
    );
    expect(await listAppointments(db, 'clinica', { contactId: 'ct_beto' })).toHaveLength(2);
  });

  it('refuses times off the quarter-hour grid or ending before they start', async () => {
    const db = await open();
    expect(await refusal(bookAppointment(db, booking({ start: bogota('2026-11-24T10:10') }), NOW))).toBe(
      'invalid_time',
    );
    expect(await refusal(bookAppointment(db, booking({ end: bogota('2026-11-24T09:00') }), NOW))).toBe(
      'invalid_time',
    );
    expect(await listAppointments(db, 'clinica')).toEqual([]);
  });

  it('lets only the contact confirm, cancel or move their appointment', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking(), NOW);
    const stranger = own(appointment, 'ct_beto');
    expect(await refusal(confirmAppointment(db, stranger, NOW))).toBe('not_found');
    expect(await refusal(cancelAppointment(db, stranger, WINDOW, NOW))).toBe('not_found');
    const later = {
      professionalId: 'laura',
      start: bogota('2026-11-25T10:00'),
      end: bogota('2026-11-25T11:00'),
      status: 'pending' as const,
    };
    expect(await refusal(rescheduleAppointment(db, stranger, later, WINDOW, NOW))).toBe('not_found');
    expect(await getAppointment(db, 'clinica', 'ct_beto', appointment.id)).toBeUndefined();
    expect(await getAppointment(db, 'clinica', 'ct_ana', appointment.id)).toEqual(appointment);
  });

  it('confirms once, and refuses to confirm a cancelled or started appointment', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking(), NOW);
    const confirmed = await confirmAppointment(db, own(appointment), NOW);
    expect(confirmed.status).toBe('confirmed');
    expect((await confirmAppointment(db, own(appointment), bogota('2026-11-21T09:00'))).updatedAt).toEqual(
      NOW,
    );
    expect(await refusal(confirmAppointment(db, own(appointment), bogota('2026-11-24T10:00')))).toBe(
      'already_started',
    );
    await cancelAppointment(db, own(appointment), WINDOW, NOW);
    expect(await refusal(confirmAppointment(db, own(appointment), NOW))).toBe('cancelled');
  });

  it('cancels freely before the window and frees the time for someone else', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking(), NOW);
    const result = await cancelAppointment(db, own(appointment), WINDOW, NOW);
    expect(result).toMatchObject({ outcome: 'cancelled', late: false, appointment: { status: 'cancelled' } });
    const stored = await getAppointment(db, 'clinica', 'ct_ana', appointment.id);
    expect(stored).toMatchObject({ status: 'cancelled', cancelledAt: NOW, lateCancellation: false });
    await bookAppointment(db, booking({ contactId: 'ct_beto' }), NOW);
    expect(await refusal(cancelAppointment(db, own(appointment), WINDOW, NOW))).toBe('cancelled');
  });

  it('inside the window only cancels once the customer accepts, and marks it late', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking(), NOW);
    const dayBefore = bogota('2026-11-23T15:00');
    const late = await cancelAppointment(db, own(appointment), WINDOW, dayBefore);
    expect(late).toEqual({ outcome: 'late', appointment, freeUntil: bogota('2026-11-23T10:00') });
    expect((await getAppointment(db, 'clinica', 'ct_ana', appointment.id))?.status).toBe('pending');
    const accepted = await cancelAppointment(
      db,
      own(appointment),
      { ...WINDOW, acceptLate: true },
      dayBefore,
    );
    expect(accepted).toMatchObject({ outcome: 'cancelled', late: true });
    expect(await getAppointment(db, 'clinica', 'ct_ana', appointment.id)).toMatchObject({
      lateCancellation: true,
    });
  });

  it('moves an appointment atomically: a taken new time leaves the old one booked and claimed', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking(), NOW);
    await bookAppointment(
      db,
      booking({ contactId: 'ct_beto', start: bogota('2026-11-25T10:00'), end: bogota('2026-11-25T11:00') }),
      NOW,
    );
    const taken = {
      professionalId: 'laura',
      start: bogota('2026-11-25T10:30'),
      end: bogota('2026-11-25T11:30'),
      status: 'pending' as const,
    };
    expect(await refusal(rescheduleAppointment(db, own(appointment), taken, WINDOW, NOW))).toBe('slot_taken');
    expect(await getAppointment(db, 'clinica', 'ct_ana', appointment.id)).toEqual(appointment);
    expect(await refusal(bookAppointment(db, booking({ contactId: 'ct_carla' }), NOW))).toBe('slot_taken');

    // Overlapping its own old time is fine; the old time is then free.
    await confirmAppointment(db, own(appointment), NOW);
    await markReminderSent(db, 'clinica', appointment.id, NOW);
    const shifted = {
      professionalId: 'laura',
      start: bogota('2026-11-24T10:30'),
      end: bogota('2026-11-24T11:30'),
      status: 'pending' as const,
    };
    const moved = await rescheduleAppointment(db, own(appointment), shifted, WINDOW, NOW);
    expect(moved).toMatchObject({ outcome: 'rescheduled', late: false, previous: { status: 'confirmed' } });
    expect(await getAppointment(db, 'clinica', 'ct_ana', appointment.id)).toMatchObject({
      start: shifted.start,
      end: shifted.end,
      status: 'pending',
      reminderSentAt: null,
    });
    await bookAppointment(db, booking({ contactId: 'ct_carla', end: bogota('2026-11-24T10:30') }), NOW);
    expect(
      await refusal(
        bookAppointment(
          db,
          booking({
            contactId: 'ct_carla',
            start: bogota('2026-11-24T11:15'),
            end: bogota('2026-11-24T11:45'),
          }),
          NOW,
        ),
      ),
    ).toBe('slot_taken');
  });

  it('moving inside the window is late unless accepted', async () => {
    const db = await open();
    const appointment = await bookAppointment(db, booking(), NOW);
    const to = {
      professionalId: 'andres',
      start: bogota('2026-11-26T10:00'),
      end: bogota('2026-11-26T11:00'),
      status: 'pending' as const,
    };
    const dayBefore = bogota('2026-11-23T12:00');
    expect((await rescheduleAppointment(db, own(appointment), to, WINDOW, dayBefore)).outcome).toBe('late');
    const accepted = await rescheduleAppointment(
      db,
      own(appointment),
      to,
      { ...WINDOW, acceptLate: true },
      dayBefore,
    );
    expect(accepted).toMatchObject({
      outcome: 'rescheduled',
      late: true,
      appointment: { professionalId: 'andres' },
    });
  });

  it('keeps a turn transaction usable after a refused booking', async () => {
    const db = await open();
    await bookAppointment(db, booking(), NOW);
    const outcome = await db.transaction().execute(async (trx) => {
      const reason = await refusal(bookAppointment(trx, booking({ contactId: 'ct_beto' }), NOW));
      await bookAppointment(trx, booking({ contactId: 'ct_beto', professionalId: 'andres' }), NOW);
      return reason;
    });
    expect(outcome).toBe('slot_taken');
    expect(await listAppointments(db, 'clinica', { contactId: 'ct_beto' })).toMatchObject([
      { professionalId: 'andres' },
    ]);
  });

  it('filters the listing by contact, start and status', async () => {
    const db = await open();
    const first = await bookAppointment(db, booking(), NOW);
    const second = await bookAppointment(
      db,
      booking({ start: bogota('2026-11-26T10:00'), end: bogota('2026-11-26T11:00') }),
      NOW,
    );
    const other = await bookAppointment(db, booking({ contactId: 'ct_beto', professionalId: 'andres' }), NOW);
    await cancelAppointment(db, own(second), WINDOW, NOW);
    const ids = (list: Appointment[]) => list.map((appointment) => appointment.id);
    const all = ids(await listAppointments(db, 'clinica'));
    expect(all.slice(0, 2).sort()).toEqual([first.id, other.id].sort());
    expect(all[2]).toBe(second.id);
    expect(ids(await listAppointments(db, 'clinica', { contactId: 'ct_ana' }))).toEqual([
      first.id,
      second.id,
    ]);
    expect(ids(await listAppointments(db, 'clinica', { status: 'cancelled' }))).toEqual([second.id]);
    expect(ids(await listAppointments(db, 'clinica', { from: bogota('2026-11-25T00:00') }))).toEqual([
      second.id,
    ]);
    expect(ids(await listAppointments(db, 'clinica', { to: bogota('2026-11-24T10:00') }))).toEqual([]);
    expect(ids(await listAppointments(db, 'other-tenant'))).toEqual([]);
    const busy = await listBusyIntervals(db, 'clinica', {
      from: bogota('2026-11-24T00:00'),
      to: bogota('2026-11-27T00:00'),
    });
    expect(busy.map((interval) => interval.appointmentId).sort()).toEqual([first.id, other.id].sort());
  });

  it('lists the appointments due a reminder once, until they are marked', async () => {
    const db = await open();
    const soon = await bookAppointment(db, booking(), NOW);
    const later = await bookAppointment(
      db,
      booking({ start: bogota('2026-11-26T10:00'), end: bogota('2026-11-26T11:00') }),
      NOW,
    );
    const cancelled = await bookAppointment(db, booking({ professionalId: 'andres' }), NOW);
    await cancelAppointment(db, own(cancelled), WINDOW, NOW);
    const at = bogota('2026-11-23T11:00');
    const due = await listAppointmentsDueReminder(db, 'clinica', { now: at, hoursBefore: 24 });
    expect(due.map((appointment) => appointment.id)).toEqual([soon.id]);
    expect(await markReminderSent(db, 'clinica', soon.id, at)).toBe(true);
    expect(await markReminderSent(db, 'clinica', soon.id, at)).toBe(false);
    expect(await markReminderSent(db, 'clinica', cancelled.id, at)).toBe(false);
    expect(await listAppointmentsDueReminder(db, 'clinica', { now: at, hoursBefore: 24 })).toEqual([]);
    const dayAfter = await listAppointmentsDueReminder(db, 'clinica', {
      now: bogota('2026-11-25T11:00'),
      hoursBefore: 24,
    });
    expect(dayAfter.map((appointment) => appointment.id)).toEqual([later.id]);
  });

  it('goes away with an erased contact, claims included', async () => {
    const db = await open();
    await bookAppointment(db, booking(), NOW);
    await db.deleteFrom('contacts').where('id', '=', 'ct_ana').execute();
    expect(await listAppointments(db, 'clinica')).toEqual([]);
    expect(await db.selectFrom('appointment_claims').selectAll().execute()).toEqual([]);
  });

  it('lets exactly one of ten overlapping bookings of a professional through', async () => {
    const db = await open();
    const starts = ['10:00', '10:15', '10:30', '10:45'];
    const attempts = Array.from({ length: 10 }, (_, index) => {
      const start = bogota(`2026-11-24T${starts[index % starts.length]}`);
      return booking({
        contactId: ['ct_ana', 'ct_beto', 'ct_carla'][index % 3],
        start,
        end: new Date(start.getTime() + 3_600_000),
      });
    });
    let results: PromiseSettledResult<Appointment>[];
    if (dialect === 'postgres') {
      // Ten pools, so every booking runs in its own connection and transaction at the same time.
      const pools = attempts.map(() => database.openAnother());
      results = await Promise.allSettled(
        attempts.map((attempt, index) => bookAppointment(pools[index]!.db, attempt, NOW)),
      );
    } else {
      results = [];
      for (const attempt of attempts) {
        results.push(...(await Promise.allSettled([bookAppointment(db, attempt, NOW)])));
      }
    }
    const booked = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(booked).toHaveLength(1);
    expect(refused.map((result) => (result.reason as AppointmentError).reason)).toEqual(
      Array(9).fill('slot_taken'),
    );
    expect(await listAppointments(db, 'clinica')).toHaveLength(1);
    const claims = await db.selectFrom('appointment_claims').select('block_start').execute();
    expect(claims).toHaveLength(4);
  });
});
