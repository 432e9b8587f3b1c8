import { afterEach, describe, expect, it } from 'vitest';
import { loadTenantBusinessData } from '../src/skills/appointments/skill.ts';
import { sendDueReminders } from '../src/skills/appointments/reminders.ts';
import { DIALECTS } from './support/databases.ts';
import { DEMO_DIR, testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

/** Monday 23 November 2026, 09:00 in Bogotá. */
const MONDAY = '2026-11-23T09:00:00-05:00';

function clinicConfig() {
  return testConfig([
    {
      id: 'clinica',
      name: 'Clínica Bella Piel',
      skills: ['smalltalk', 'appointments', 'handoff'],
      business: { data: 'clinica/negocio.yaml' },
      nlu: { data: 'clinica/nlu.yml', threshold: 0.6, provider: 'embedded', timeoutMs: 2000 },
    },
  ]);
}

function repliesOf(turn: TestTurn): string {
  return turn.replies.map((reply) => reply.text).join('\n');
}

function buttonsOf(turn: TestTurn): string[] {
  return turn.replies.flatMap((reply) => reply.buttons ?? []).map((button) => button.id);
}

describe.each(DIALECTS)('appointments conversation on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start() {
    server = await startTestServer({ dialect, config: clinicConfig() });
    const running = server;
    const say = async (from: string, text: string, now = MONDAY): Promise<TestTurn> => {
      return running.turn('clinica', { from, text, now });
    };
    const appointmentsOf = async (contactId: string) => {
      const response = await running.request(
        'GET',
        `/api/v1/tenants/clinica/appointments?contactId=${contactId}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as {
        id: string;
        serviceId: string;
        professionalId: string;
        start: string;
        status: string;
      }[];
    };
    return { server: running, say, appointmentsOf };
  }

  it('books a facial cleaning as pending, then the customer confirms it', async () => {
    const { say, appointmentsOf } = await start();
    const asked = await say('573001', 'quiero una limpieza facial el viernes a las 10 porfa');
    expect(asked.turn.intent).toBe('agendar_cita');
    expect(repliesOf(asked)).toContain('viernes 27 de noviembre, 10:00 a. m.');
    expect(repliesOf(asked)).toContain('$120.000');
    expect(await appointmentsOf(asked.contactId)).toEqual([]);

    const booked = await say('573001', 'si');
    expect(repliesOf(booked)).toContain('pendiente');
    expect(await appointmentsOf(asked.contactId)).toEqual([
      expect.objectContaining({
        serviceId: 'limpieza-facial',
        professionalId: 'andres',
        start: '2026-11-27T10:00:00.000-05:00',
        end: '2026-11-27T10:45:00.000-05:00',
        status: 'pending',
      }),
    ]);

    const confirmed = await say('573001', 'confirmo mi cita');
    expect(repliesOf(confirmed)).toContain('confirmada');
    expect(await appointmentsOf(asked.contactId)).toEqual([expect.objectContaining({ status: 'confirmed' })]);
  });

  it('narrows by day and part of day, takes a correction, then reschedules and cancels', async () => {
    const { say, appointmentsOf } = await start();
    await say('573002', 'quiero agendar una cita');
    await say('573002', 'masaje');
    const times = await say('573002', 'con quien sea');
    expect(buttonsOf(times).length).toBeGreaterThan(0);
    const afternoon = await say('573002', 'el viernes en la tarde');
    expect(buttonsOf(afternoon)[0]).toBe('2026-11-27T12:00:00.000-05:00');
    expect(buttonsOf(afternoon).every((id) => id.startsWith('2026-11-27T1'))).toBe(true);
    const summary = await say('573002', '2');
    expect(repliesOf(summary)).toContain('viernes 27 de noviembre, 12:30 p. m.');
    const corrected = await say('573002', 'mejor el miércoles');
    expect(buttonsOf(corrected).every((id) => id.startsWith('2026-11-25'))).toBe(true);
    const again = await say('573002', '1');
    expect(repliesOf(again)).toContain('miércoles 25 de noviembre, 8:00 a. m.');
    await say('573002', 'si');
    const [booked] = await appointmentsOf(again.contactId);
    expect(booked).toMatchObject({ serviceId: 'masaje-relajante', start: '2026-11-25T08:00:00.000-05:00' });

    await say('573002', 'quiero cambiar mi cita');
    const move = await say('573002', 'el jueves a las 10');
    expect(repliesOf(move)).toContain('jueves 26 de noviembre, 10:00 a. m.');
    await say('573002', 'si');
    expect(await appointmentsOf(again.contactId)).toEqual([
      expect.objectContaining({ id: booked!.id, start: '2026-11-26T10:00:00.000-05:00', status: 'pending' }),
    ]);

    const cancel = await say('573002', 'quiero cancelar mi cita');
    expect(repliesOf(cancel)).toContain('jueves 26 de noviembre');
    await say('573002', 'si');
    expect(await appointmentsOf(again.contactId)).toEqual([
      expect.objectContaining({ id: booked!.id, status: 'cancelled' }),
    ]);
    const none = await say('573002', 'tengo citas?');
    expect(repliesOf(none)).toContain('No tienes citas próximas');
  });

  it('answers a taken time with the nearest free ones', async () => {
    const { say, appointmentsOf } = await start();
    await say('573003', 'quiero una limpieza facial con camila el viernes a las 10');
    await say('573003', 'si');
    const taken = await say('573004', 'quiero una limpieza facial con camila el viernes a las 10');
    expect(repliesOf(taken)).toContain('Ya no tengo espacio');
    const offered = buttonsOf(taken);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toContain('2026-11-27T10:00:00.000-05:00');
    expect(offered.every((id) => id.startsWith('2026-11-27'))).toBe(true);
    expect(await appointmentsOf(taken.contactId)).toEqual([]);
  });

  it('offers a valuation before laser hair removal, and the laser once it is booked', async () => {
    const { say, appointmentsOf } = await start();
    const laser = await say('573005', 'quiero depilacion laser');
    expect(repliesOf(laser)).toContain('primero necesitas una Consulta de valoración');
    await say('573005', 'con la doctora laura hoy a las 2 pm');
    await say('573005', 'si');
    expect(await appointmentsOf(laser.contactId)).toEqual([
      expect.objectContaining({ serviceId: 'valoracion', professionalId: 'laura', status: 'pending' }),
    ]);
    const treatment = await say('573005', 'quiero depilacion laser el martes a las 10');
    expect(repliesOf(treatment)).toContain('Depilación láser');
    await say('573005', 'si');
    const tooEarly = await say('573005', 'quiero depilacion laser hoy a las 1 pm');
    expect(repliesOf(tooEarly)).toContain('después de tu Consulta de valoración');
    expect(buttonsOf(tooEarly).every((id) => id >= '2026-11-23T14:30')).toBe(true);
    await say('573005', 'cancelar');
    expect((await appointmentsOf(laser.contactId)).map((item) => item.serviceId)).toEqual([
      'valoracion',
      'depilacion-laser',
    ]);
  });

  it('sends a chemical peel to an advisor and hands the conversation to a person', async () => {
    const { server, say, appointmentsOf } = await start();
    const peel = await say('573006', 'quiero agendar un peeling');
    expect(repliesOf(peel)).toContain('asesor');
    expect(repliesOf(peel)).toContain('+573001112233');
    expect(peel.turn.handoff).toBe(true);
    const handoff = await server.db
      .selectFrom('handoffs')
      .select(['reason', 'status'])
      .where('conversation_id', '=', peel.conversationId)
      .executeTakeFirstOrThrow();
    expect(handoff.reason).toBe('non_bookable_service');
    const conversation = await server.db
      .selectFrom('conversations')
      .select('status')
      .where('id', '=', peel.conversationId)
      .executeTakeFirstOrThrow();
    expect(['pending_human', 'human']).toContain(conversation.status);
    expect(await appointmentsOf(peel.contactId)).toEqual([]);
  });

  it('gives the same slot to one of two customers confirming at once; the other is offered others', async () => {
    const { say, server } = await start();
    await say('573007', 'quiero un masaje con camila el viernes a las 3 pm');
    await say('573008', 'quiero un masaje con camila el viernes a las 3 pm');
    const [first, second] = await Promise.all([say('573007', 'si'), say('573008', 'si')]);
    const rows = await server.db
      .selectFrom('appointments')
      .select(['contact_id', 'start_at'])
      .where('status', '!=', 'cancelled')
      .execute();
    expect(rows).toHaveLength(1);
    const texts = [repliesOf(first), repliesOf(second)];
    expect(texts.filter((text) => text.includes('Te agendé'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('se acaba de ocupar'))).toHaveLength(1);
  });

  it('lists appointments over the API with filters, and refuses a bad filter', async () => {
    const { say, server } = await start();
    const booked = await say('573009', 'quiero una limpieza facial el viernes a las 10');
    await say('573009', 'si');
    const pending = await server.request('GET', '/api/v1/tenants/clinica/appointments?status=pending');
    expect(pending.json()).toEqual([expect.objectContaining({ contactId: booked.contactId })]);
    const later = await server.request(
      'GET',
      `/api/v1/tenants/clinica/appointments?from=${encodeURIComponent('2026-11-28T00:00:00-05:00')}`,
    );
    expect(later.json()).toEqual([]);
    const bad = await server.request('GET', '/api/v1/tenants/clinica/appointments?status=done');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('pending, confirmed, cancelled');
  });

  it('queues one reminder a day before, in the conversation it was booked in', async () => {
    const { say, server } = await start();
    const booked = await say('573010', 'quiero una limpieza facial el martes a las 11');
    await say('573010', 'si');
    const data = loadTenantBusinessData(server.orquesta.tenants.get('clinica')!, DEMO_DIR);
    const tenant = server.orquesta.tenants.get('clinica')!;
    expect(await sendDueReminders(server.db, tenant, data, new Date('2026-11-23T10:00:00-05:00'))).toEqual({
      queued: 0,
      skipped: 0,
    });
    const due = new Date('2026-11-23T11:30:00-05:00');
    expect(await sendDueReminders(server.db, tenant, data, due)).toEqual({ queued: 1, skipped: 0 });
    expect(await sendDueReminders(server.db, tenant, data, due)).toEqual({ queued: 0, skipped: 0 });
    const reminders = await server.db
      .selectFrom('messages')
      .select(['text', 'conversation_id', 'direction'])
      .where('turn_id', 'is', null)
      .where('direction', '=', 'out')
      .execute();
    expect(reminders).toEqual([
      expect.objectContaining({ conversation_id: booked.conversationId, direction: 'out' }),
    ]);
    expect(reminders[0]!.text).toContain('martes 24 de noviembre, 11:00 a. m.');
    expect(reminders[0]!.text).toContain('confirmo');
  });
});
