/**
 * The analytics endpoints against a scripted set of conversations over two days in Bogotá, driven
 * through the real app on both engines: a booking and its cancellation, a fallback, a hand-off, a reply
 * WhatsApp refuses, an order paid late in the evening. Each turn takes a fixed time on the test clock,
 * so the latency percentiles are exact too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_CREATED_EVENT } from '../src/channels/webchat/visitor-history.ts';
import { createManualClock } from '../src/core/clock.ts';
import { createUsageRecorder } from '../src/llm/usage.ts';
import type { DeliveryAttempt } from '../src/pipeline/outbox-sender.ts';
import {
  CLINICA_NUMBER,
  postWebhook,
  textWebhook,
  whatsappConnection,
} from './channels/whatsapp-cloud-support.ts';
import { DIALECTS } from './support/databases.ts';
import { startFakeProvider, type FakeProvider } from './support/fake-provider.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const LAURA_TOKEN = 'laura-inbox-token-0123456789';
/** How long each turn takes on the test clock, in order; turns beyond the list take 10 ms. */
const LATENCIES = [100, 200, 300, 400, 1000, 50, 500];

function analyticsConfig(fake: FakeProvider) {
  return testConfig([
    {
      id: 'clinica',
      name: 'Clínica Bella Piel',
      skills: ['smalltalk', 'appointments', 'packages', 'handoff'],
      business: { data: 'clinica/negocio.yaml' },
      connections: [
        { id: 'test', channel: 'test', settings: {} },
        whatsappConnection(fake, CLINICA_NUMBER, { windowTemplate: { name: 'seguimiento', language: 'es' } }),
      ],
      skillSettings: { handoff: { agents: [{ id: 'laura', name: 'Laura', token: LAURA_TOKEN }] } },
    },
  ]);
}

describe.each(DIALECTS)('analytics on %s', (dialect) => {
  let fake: FakeProvider;
  let server: TestServer | undefined;
  let people: Awaited<ReturnType<typeof scenario>>;
  beforeAll(async () => {
    // A Graph API that refuses every message: the customer's number is not on WhatsApp.
    fake = await startFakeProvider(() => ({
      status: 400,
      body: { error: { code: 131026, message: 'Message undeliverable', type: 'OAuthException' } },
    }));
    people = await scenario();
  });
  afterAll(async () => {
    await server?.close();
    await fake.close();
  });

  async function scenario() {
    const clock = createManualClock('2026-11-23T14:00:00.000Z'); // Monday 09:00 in Bogotá
    const latencies = [...LATENCIES];
    server = await startTestServer({
      dialect,
      clock,
      config: analyticsConfig(fake),
      pipeline: {
        outbox: { baseDelayMs: 1, maxDelayMs: 5 },
        beforeCommit: async () => clock.advance(latencies.shift() ?? 10),
      },
    });
    const running = server;
    const say = (from: string, text: string) => running.turn('clinica', { from, text });

    // Monday: Ana books, Beto is not understood and asks for a person, a WhatsApp customer's reply fails.
    const ana = await say('573001000001', 'hola');
    await say('573001000001', 'quiero una limpieza facial el viernes a las 10 porfa');
    await say('573001000001', 'si');
    await say('573001000002', 'xkqz wvvp trrg');
    const beto = await say('573001000002', 'quiero hablar con una persona');
    await say('573001000002', 'hola? sigue ahí?');
    const failed = failedDeliveries(running);
    expect(
      (await postWebhook(running, 'clinica', textWebhook(CLINICA_NUMBER, 'wamid.IN-1', 'hola'))).statusCode,
    ).toBe(200);
    await failed;

    // Tuesday: Ana cancels; Carla buys a package and pays it at 22:00 (03:00 UTC on Wednesday).
    clock.set('2026-11-24T15:00:00.000Z');
    await say('573001000001', 'quiero cancelar mi cita');
    await say('573001000001', 'si');
    await say('573001000003', 'quiero comprar el paquete de limpiezas');
    await say('573001000003', '1');
    const carla = await say('573001000003', 'si');
    const orders = await running.request(
      'GET',
      `/api/v1/tenants/clinica/orders?contactId=${carla.contactId}`,
    );
    clock.set('2026-11-25T03:00:00.000Z');
    const paid = await running.request(
      'POST',
      `/api/v1/tenants/clinica/orders/${orders.json().orders[0].id}/paid`,
    );
    expect(paid.statusCode, paid.body).toBe(200);

    // Two language-model calls recorded on Tuesday: one answered, one that failed.
    clock.set('2026-11-24T16:00:00.000Z');
    const recorder = createUsageRecorder({
      db: running.db,
      tenant: running.orquesta.tenants.get('clinica')!,
      clock,
      logger: running.orquesta.logger,
    });
    const call = { purpose: 'rewrite' as const, model: 'modelo-prueba', latencyMs: 800 };
    await recorder.record({ ...call, tokensIn: 1200, tokensOut: 300, cost: 0.0021, outcome: 'ok' }, call);
    await recorder.record({ ...call, tokensIn: 0, tokensOut: 0, cost: 0, outcome: 'error' }, call);

    // The opening a web chat stores for the bot to greet on Monday: nobody wrote it, so it is not counted.
    const at = '2026-11-23T14:30:00.000Z';
    await running.db
      .insertInto('messages')
      .values({
        tenant_id: 'clinica',
        conversation_id: ana.conversationId,
        contact_id: ana.contactId,
        connection_id: 'test',
        direction: 'in',
        provider_message_id: null,
        kind: 'interactive',
        text: 'Hola',
        payload: JSON.stringify({ buttonId: 'saludo', event: CHAT_CREATED_EVENT }),
        status: 'processed',
        trace_id: 'trc_apertura',
        created_at: at,
        processed_at: at,
        clock_override: null,
        next_attempt_at: null,
        lease_expires_at: null,
        updated_at: at,
      })
      .execute();
    return { ana, beto, carla };
  }

  it('counts each day of the range in the tenant’s time zone', async () => {
    const response = await server!.request(
      'GET',
      '/api/v1/tenants/clinica/analytics/daily?from=2026-11-23&to=2026-11-25',
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      tenant: 'clinica',
      timezone: 'America/Bogota',
      from: '2026-11-23T05:00:00.000Z',
      to: '2026-11-26T05:00:00.000Z',
    });
    expect(body.days.map((day: { date: string }) => day.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
    const [monday, tuesday, wednesday] = body.days;

    // Ana, Beto and the WhatsApp customer talked; Beto was handed off, so two of three were automated.
    expect(monday).toEqual({
      date: '2026-11-23',
      conversations: 3,
      messages: { in: 7, out: 6 },
      automated: 2,
      automationRate: 0.6667,
      escalations: { total: 1, byReason: [{ name: 'asked_for_human', count: 1 }] },
      escalationRate: 0.3333,
      turns: { total: 7, answered: 5, fallback: 1, silenced: 1 },
      fallbackRate: 0.1667,
      intents: [
        { name: 'saludo', count: 3 },
        { name: 'agendar_cita', count: 1 },
        { name: 'confirmar_cita', count: 1 },
        { name: 'hablar_con_humano', count: 1 },
        { name: null, count: 1 },
      ],
      skills: [
        { name: 'smalltalk', count: 3 },
        { name: 'appointments', count: 2 },
        { name: null, count: 2 },
      ],
      errors: { deliveries: [{ name: '131026', count: 1 }], failedTurns: 0 },
      // The bot's six turns took 100, 200, 300, 400, 1000 and 500 ms; the silenced one is left out.
      latencyMs: { p50: 300, p95: 1000 },
      llm: { calls: 0, errors: 0, tokensIn: 0, tokensOut: 0, cost: 0 },
      appointments: { booked: 1, cancelled: 0 },
      orders: { paid: 0, amount: {} },
    });
    // The payment at 22:00 in Bogotá (03:00 UTC on Wednesday) belongs to Tuesday, with its notice.
    expect(tuesday).toEqual({
      date: '2026-11-24',
      conversations: 2,
      messages: { in: 5, out: 6 },
      automated: 2,
      automationRate: 1,
      escalations: { total: 0, byReason: [] },
      escalationRate: 0,
      turns: { total: 5, answered: 5, fallback: 0, silenced: 0 },
      fallbackRate: 0,
      intents: [
        { name: 'confirmar_cita', count: 2 },
        { name: 'cancelar_cita', count: 1 },
        { name: null, count: 1 },
        { name: 'pagar_servicio', count: 1 },
      ],
      skills: [
        { name: 'packages', count: 3 },
        { name: 'appointments', count: 2 },
      ],
      errors: { deliveries: [], failedTurns: 0 },
      latencyMs: { p50: 10, p95: 10 },
      llm: { calls: 2, errors: 1, tokensIn: 1200, tokensOut: 300, cost: 0.0021 },
      appointments: { booked: 0, cancelled: 1 },
      orders: { paid: 1, amount: { COP: 400000 } },
    });
    expect(wednesday).toMatchObject({
      conversations: 0,
      messages: { in: 0, out: 0 },
      automationRate: null,
      fallbackRate: null,
      latencyMs: { p50: null, p95: null },
      orders: { paid: 0, amount: {} },
    });
    // Over the range Ana counts once; rates and percentiles are over all the range's turns.
    expect(body.totals).toMatchObject({
      conversations: 4,
      messages: { in: 12, out: 12 },
      automated: 3,
      automationRate: 0.75,
      escalationRate: 0.25,
      turns: { total: 12, answered: 10, fallback: 1, silenced: 1 },
      fallbackRate: 0.0909,
      latencyMs: { p50: 100, p95: 1000 },
      appointments: { booked: 1, cancelled: 1 },
      orders: { paid: 1, amount: { COP: 400000 } },
      llm: { calls: 2, errors: 1, tokensIn: 1200, tokensOut: 300, cost: 0.0021 },
    });

    // Without a range: the week ending today in Bogotá (still Tuesday at 03:00 UTC on Wednesday).
    const week = (await server!.request('GET', '/api/v1/tenants/clinica/analytics/daily')).json();
    expect(week.days.map((day: { date: string }) => day.date)).toEqual([
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
    ]);
    expect(week.totals.conversations).toBe(4);
  });

  it("agrees with the day's summary on messages, leaving out the web chat's opening too", async () => {
    const response = await server!.request('GET', '/api/v1/tenants/clinica/summary?date=2026-11-23');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().messages).toEqual({ in: 7, out: 6 });
  });

  it("gives a contact's messages, first and last time seen, appointments, orders and escalations", async () => {
    const { ana, beto, carla } = people;
    const of = async (contactId: string) => {
      const response = await server!.request(
        'GET',
        `/api/v1/tenants/clinica/contacts/${contactId}/analytics`,
      );
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    expect(await of(ana.contactId)).toEqual({
      contactId: ana.contactId,
      firstSeenAt: '2026-11-23T14:00:00.000Z',
      // Tuesday 15:00, plus the 10 ms the cancellation's first turn took.
      lastSeenAt: '2026-11-24T15:00:00.010Z',
      conversations: 1,
      messages: { in: 5, out: 5 },
      appointments: { booked: 1, cancelled: 1 },
      orders: { total: 0, paid: 0, amount: {} },
      escalations: { total: 0, byReason: [] },
    });
    expect(await of(beto.contactId)).toMatchObject({
      messages: { in: 3, out: 2 },
      escalations: { total: 1, byReason: [{ name: 'asked_for_human', count: 1 }] },
    });
    expect(await of(carla.contactId)).toMatchObject({
      messages: { in: 3, out: 4 },
      orders: { total: 1, paid: 1, amount: { COP: 400000 } },
    });
    const missing = await server!.request('GET', '/api/v1/tenants/clinica/contacts/ct_nadie/analytics');
    expect(missing.statusCode).toBe(404);
  });
});

describe.each(DIALECTS)('analytics requests on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('refuses a range that is reversed, too long or not made of dates, and other tenants’ tokens', async () => {
    const clock = createManualClock('2026-11-23T14:00:00.000Z');
    server = await startTestServer({
      dialect,
      clock,
      config: testConfig([{ id: 'clinica', apiToken: 'clinica-api-token-0123456789' }, { id: 'autos' }]),
    });
    const daily = '/api/v1/tenants/clinica/analytics/daily';
    const reversed = await server.request('GET', `${daily}?from=2026-11-24&to=2026-11-23`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('from (2026-11-24) is after to (2026-11-23)');
    const long = await server.request('GET', `${daily}?from=2024-01-01&to=2026-11-23`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('longer than 366 days');
    const notDate = await server.request('GET', `${daily}?from=ayer`);
    expect(notDate.statusCode).toBe(400);
    expect(notDate.json().error.details).toEqual([
      { where: 'querystring.from', problem: expect.stringContaining('YYYY-MM-DD') },
    ]);
    const token = 'clinica-api-token-0123456789';
    expect((await server.request('GET', daily, undefined, token)).statusCode).toBe(200);
    expect(
      (await server.request('GET', '/api/v1/tenants/autos/analytics/daily', undefined, token)).statusCode,
    ).toBe(403);
    expect((await server.request('GET', daily, undefined, 'wrong-token-0123456789')).statusCode).toBe(401);
  });
});

/** Resolves once the outbox has given up on a reply (WhatsApp refused it for good). */
function failedDeliveries(server: TestServer): Promise<DeliveryAttempt> {
  const { events } = server.orquesta.pipeline;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply failed in time')), 10_000);
    events.on('delivery-attempted', function listener(attempt: DeliveryAttempt) {
      if (attempt.status !== 'failed') return;
      clearTimeout(timer);
      events.off('delivery-attempted', listener);
      resolve(attempt);
    });
  });
}
