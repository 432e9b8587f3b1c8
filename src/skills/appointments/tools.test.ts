import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/databases.ts';
import type { Tool } from '../tool.ts';
import { listAppointments } from './appointments-repository.ts';
import { createAppointmentTools, type AppointmentToolContext } from './tools.ts';
import {
  bogota,
  demoBusinessData,
  openAppointmentsDatabase,
  type AppointmentsTestDatabase,
} from './test-support.ts';

const data = demoBusinessData();
const tools = createAppointmentTools(data);
/** Friday 20 November 2026, 09:00 in Bogotá. */
const NOW = bogota('2026-11-20T09:00');

function tool(name: string): Tool {
  const found = tools.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

describe('appointment tools', () => {
  it('are the six of the skill, each with a description and an input schema', () => {
    expect(tools.map((candidate) => candidate.name)).toEqual([
      'find_free_slots',
      'book_appointment',
      'confirm_appointment',
      'cancel_appointment',
      'reschedule_appointment',
      'list_my_appointments',
    ]);
    for (const candidate of tools) expect(candidate.description.length).toBeGreaterThan(20);
  });

  it('refuse malformed input with a message that says what to write', () => {
    const result = tool('book_appointment').input.safeParse({
      serviceId: 'valoracion',
      start: 'mañana a las 3',
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('must be an ISO date-time with an offset');
    expect(
      tool('find_free_slots').input.parse({ serviceId: 'valoracion', partOfDay: 'tarde' }),
    ).toMatchObject({
      partOfDay: 'afternoon',
      limit: 5,
    });
  });
});

describe.each(DIALECTS)('appointment tools on %s', (dialect) => {
  let database: AppointmentsTestDatabase;

  afterEach(async () => {
    await database?.close();
  });

  async function setUp() {
    database = await openAppointmentsDatabase(dialect);
    const as = (contactId: string, now: Date = NOW): AppointmentToolContext => ({
      tenant: database.tenant,
      contactId,
      now,
      db: database.db,
      conversationId: undefined,
    });
    const run = async (name: string, input: unknown, context: AppointmentToolContext) => {
      const chosen = tool(name);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are checked field by field
      return (await chosen.execute(chosen.input.parse(input), context)) as any;
    };
    return { db: database.db, as, run };
  }

  it('finds free afternoon slots for a service on a day, one per time', async () => {
    const { as, run } = await setUp();
    const result = await run(
      'find_free_slots',
      { serviceId: 'limpieza-facial', date: '2026-11-25', partOfDay: 'tarde', limit: 3 },
      as('ct_ana'),
    );
    expect(result).toEqual({
      status: 'ok',
      serviceId: 'limpieza-facial',
      serviceName: 'Limpieza facial profunda',
      slots: [
        {
          start: '2026-11-25T12:00:00.000-05:00',
          end: '2026-11-25T12:45:00.000-05:00',
          professionalId: 'andres',
          professionalName: 'Andrés Rojas',
        },
        {
          start: '2026-11-25T12:30:00.000-05:00',
          end: '2026-11-25T13:15:00.000-05:00',
          professionalId: 'andres',
          professionalName: 'Andrés Rojas',
        },
        {
          start: '2026-11-25T13:00:00.000-05:00',
          end: '2026-11-25T13:45:00.000-05:00',
          professionalId: 'andres',
          professionalName: 'Andrés Rojas',
        },
      ],
    });
  });

  it('books a pending appointment, and offers the nearest times to the next customer asking for it', async () => {
    const { as, run } = await setUp();
    const start = '2026-11-25T10:00:00.000-05:00';
    const booked = await run(
      'book_appointment',
      { serviceId: 'masaje-relajante', professionalId: 'andres', start },
      as('ct_ana'),
    );
    expect(booked).toMatchObject({
      status: 'booked',
      appointment: {
        serviceName: 'Masaje relajante',
        professionalName: 'Andrés Rojas',
        start,
        end: '2026-11-25T11:00:00.000-05:00',
        status: 'pending',
        freeCancellationUntil: '2026-11-24T10:00:00.000-05:00',
      },
    });
    const again = await run(
      'book_appointment',
      { serviceId: 'masaje-relajante', professionalId: 'andres', start },
      as('ct_beto'),
    );
    expect(again).toEqual({
      status: 'unavailable',
      problem: 'taken',
      alternatives: [
        expect.objectContaining({ start: '2026-11-25T11:00:00.000-05:00', professionalId: 'andres' }),
        expect.objectContaining({ start: '2026-11-25T11:30:00.000-05:00', professionalId: 'andres' }),
        expect.objectContaining({ start: '2026-11-25T12:00:00.000-05:00', professionalId: 'andres' }),
      ],
    });
    // Without a preference, another professional free at that time gets it.
    const anyone = await run('book_appointment', { serviceId: 'masaje-relajante', start }, as('ct_beto'));
    expect(anyone).toMatchObject({ status: 'booked', appointment: { professionalId: 'camila' } });
    const checked = await run(
      'find_free_slots',
      { serviceId: 'masaje-relajante', professionalId: 'andres', at: start },
      as('ct_carla'),
    );
    expect(checked.requested).toEqual({ start, available: false, problem: 'taken' });
  });

  it('offers the valuation before a treatment that requires it, then books the treatment after it', async () => {
    const { as, run } = await setUp();
    const treatment = { serviceId: 'depilacion-laser', start: '2026-11-24T09:00:00.000-05:00' };
    const first = await run('book_appointment', treatment, as('ct_ana'));
    expect(first).toMatchObject({
      status: 'valuation_required',
      serviceId: 'depilacion-laser',
      valuationServiceId: 'valoracion',
      valuationServiceName: 'Consulta de valoración',
      alternatives: [{ start: '2026-11-24T09:00:00.000-05:00', professionalId: 'laura' }],
    });
    const slots = await run(
      'find_free_slots',
      { serviceId: 'depilacion-laser', date: '2026-11-24' },
      as('ct_ana'),
    );
    expect(slots.status).toBe('valuation_required');
    expect(slots.slots[0].end).toBe('2026-11-24T08:30:00.000-05:00');

    await run(
      'book_appointment',
      { serviceId: 'valoracion', start: '2026-11-24T09:00:00.000-05:00' },
      as('ct_ana'),
    );
    const tooEarly = await run(
      'book_appointment',
      { ...treatment, start: '2026-11-24T09:00:00.000-05:00', professionalId: 'andres' },
      as('ct_ana'),
    );
    expect(tooEarly).toMatchObject({ status: 'unavailable', problem: 'too_soon' });
    const booked = await run(
      'book_appointment',
      { ...treatment, start: '2026-11-24T10:00:00.000-05:00' },
      as('ct_ana'),
    );
    expect(booked).toMatchObject({
      status: 'booked',
      appointment: { serviceId: 'depilacion-laser', professionalId: 'laura' },
    });
  });

  it('hands a service the bot may not book to a human', async () => {
    const { as, run } = await setUp();
    const result = await run(
      'book_appointment',
      { serviceId: 'peeling-quimico', start: '2026-11-24T09:00:00.000-05:00' },
      as('ct_ana'),
    );
    expect(result).toEqual({
      status: 'handoff',
      serviceId: 'peeling-quimico',
      serviceName: 'Peeling químico',
      advisorPhone: '+573001112233',
    });
  });

  it('refuses an unknown service or professional with the ids to use', async () => {
    const { as, run } = await setUp();
    await expect(run('find_free_slots', { serviceId: 'botox' }, as('ct_ana'))).rejects.toThrow(
      'serviceId: no service "botox" — use one of: depilacion-laser',
    );
    await expect(
      run(
        'book_appointment',
        { serviceId: 'valoracion', professionalId: 'pedro', start: '2026-11-24T09:00:00-05:00' },
        as('ct_ana'),
      ),
    ).rejects.toThrow('professionalId: no professional "pedro" — use one of: laura, andres, camila');
  });

  it("confirms, moves and cancels only the customer's own appointments", async () => {
    const { db, as, run } = await setUp();
    const booked = await run(
      'book_appointment',
      { serviceId: 'limpieza-facial', start: '2026-11-25T10:00:00.000-05:00' },
      as('ct_ana'),
    );
    const appointmentId = booked.appointment.id;
    expect(await run('confirm_appointment', { appointmentId }, as('ct_beto'))).toEqual({
      status: 'not_found',
    });
    expect(await run('cancel_appointment', { appointmentId }, as('ct_beto'))).toEqual({
      status: 'not_found',
    });
    expect(await run('list_my_appointments', {}, as('ct_beto'))).toEqual({ appointments: [] });

    expect(await run('confirm_appointment', { appointmentId }, as('ct_ana'))).toMatchObject({
      status: 'confirmed',
      appointment: { id: appointmentId, status: 'confirmed' },
    });
    const moved = await run(
      'reschedule_appointment',
      { appointmentId, start: '2026-11-26T15:00:00.000-05:00' },
      as('ct_ana'),
    );
    expect(moved).toMatchObject({
      status: 'rescheduled',
      late: false,
      previous: { start: '2026-11-25T10:00:00.000-05:00', status: 'confirmed' },
      appointment: { start: '2026-11-26T15:00:00.000-05:00', status: 'pending' },
    });
    const dayBefore = bogota('2026-11-25T18:00');
    const late = await run('cancel_appointment', { appointmentId }, as('ct_ana', dayBefore));
    expect(late).toMatchObject({ status: 'late', freeUntil: '2026-11-25T15:00:00.000-05:00' });
    expect(
      await run(
        'cancel_appointment',
        { appointmentId, acceptLateCancellation: true },
        as('ct_ana', dayBefore),
      ),
    ).toMatchObject({
      status: 'cancelled',
      late: true,
    });
    expect(await run('confirm_appointment', { appointmentId }, as('ct_ana'))).toEqual({
      status: 'cancelled',
    });
    expect(await run('list_my_appointments', { status: 'pending' }, as('ct_ana'))).toEqual({
      appointments: [],
    });
    expect((await listAppointments(db, 'clinica', { contactId: 'ct_ana' }))[0]?.lateCancellation).toBe(true);
  });

  it('keeps an appointment where it was when the new time is taken, proposing others', async () => {
    const { as, run } = await setUp();
    const mine = await run(
      'book_appointment',
      { serviceId: 'valoracion', professionalId: 'laura', start: '2026-11-24T09:00:00.000-05:00' },
      as('ct_ana'),
    );
    await run(
      'book_appointment',
      { serviceId: 'valoracion', professionalId: 'laura', start: '2026-11-24T11:00:00.000-05:00' },
      as('ct_beto'),
    );
    const refused = await run(
      'reschedule_appointment',
      { appointmentId: mine.appointment.id, start: '2026-11-24T11:00:00.000-05:00', professionalId: 'laura' },
      as('ct_ana'),
    );
    expect(refused).toMatchObject({ status: 'unavailable', problem: 'taken' });
    // Its own 09:00 does not count as busy: 10:00 and 12:00 tie at an hour away, the earlier wins.
    expect(refused.alternatives.map((slot: { start: string }) => slot.start)).toEqual([
      '2026-11-24T10:00:00.000-05:00',
      '2026-11-24T10:30:00.000-05:00',
      '2026-11-24T11:30:00.000-05:00',
    ]);
    const listed = await run('list_my_appointments', {}, as('ct_ana'));
    expect(listed.appointments).toMatchObject([
      { id: mine.appointment.id, start: '2026-11-24T09:00:00.000-05:00' },
    ]);
  });
});
