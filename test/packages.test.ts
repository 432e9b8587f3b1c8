import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createManualClock } from '../src/core/clock.ts';
import { loadBusinessData } from '../src/skills/appointments/business-data.ts';
import { purchasableItems } from '../src/skills/packages/price-list.ts';
import { createPackagesTools } from '../src/skills/packages/tools.ts';
import { DIALECTS } from './support/databases.ts';
import { DEMO_DIR, testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

const MONDAY = '2026-11-23T09:00:00-05:00';
const CUSTOMER = '573001234567';

function clinicConfig(skillSettings: Record<string, unknown> = {}) {
  return testConfig([
    {
      id: 'clinica',
      name: 'Clínica Bella Piel',
      skills: ['smalltalk', 'packages', 'profile'],
      business: { data: 'clinica/negocio.yaml' },
      skillSettings,
    },
  ]);
}

function text(turn: TestTurn): string {
  return turn.replies.map((reply) => reply.text).join('\n');
}

describe.each(DIALECTS)('packages skill on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(skillSettings?: Record<string, unknown>) {
    const clock = createManualClock('2026-11-23T15:00:00.000Z');
    server = await startTestServer({ dialect, config: clinicConfig(skillSettings), clock });
    return { server, clock };
  }

  async function say(words: string, now = MONDAY, from = CUSTOMER): Promise<TestTurn> {
    return server!.turn('clinica', { from, text: words, now });
  }

  async function orders(contactId: string) {
    const response = await server!.request('GET', `/api/v1/tenants/clinica/orders?contactId=${contactId}`);
    expect(response.statusCode).toBe(200);
    return response.json().orders as Record<string, unknown>[];
  }

  it('lists the packages and single sessions with prices in pesos', async () => {
    await start();
    const turn = await say('que paquetes tienen');
    expect(turn.turn).toMatchObject({ intent: 'consultar_paquetes', skill: 'packages' });
    expect(text(turn)).toContain(
      '• Paquete 6 sesiones de depilación láser: $900.000 (6 sesiones, vigencia de 12 meses)',
    );
    expect(text(turn)).toContain('• Paquete 4 limpiezas faciales: $400.000');
    expect(text(turn)).toContain('• Limpieza facial profunda: $120.000 por sesión');
    expect(text(turn)).not.toContain('Peeling');
    expect(turn.replies[0]!.buttons).toEqual([{ id: 'pagar_servicio', title: 'Comprar' }]);

    const free = await say('la valoracion tiene costo?');
    expect(text(free)).toBe('Consulta de valoración no tiene costo.');
  });

  it('sells a package: asks how many, confirms, and leaves a pending order with its payment link', async () => {
    await start({ packages: { paymentUrlTemplate: 'https://pay.test/c?o={{order.id}}&v={{order.amount}}' } });
    const asked = await say('quiero comprar el paquete de 6 sesiones');
    expect(asked.turn.intent).toBe('pagar_servicio');
    expect(text(asked)).toBe(
      '¿Cuántas unidades de «Paquete 6 sesiones de depilación láser» quieres? Cada una cuesta $900.000.',
    );

    const confirm = await say('1');
    expect(text(confirm)).toBe(
      '¿Confirmas la compra de 1 × Paquete 6 sesiones de depilación láser por $900.000? Te enviaré el link de pago.',
    );
    expect(await orders(confirm.contactId)).toEqual([]);

    const done = await say('si');
    const [order] = await orders(done.contactId);
    expect(order).toMatchObject({
      itemKind: 'package',
      itemId: 'laser-6',
      serviceId: 'depilacion-laser',
      quantity: 1,
      amount: 900000,
      currency: 'COP',
      sessions: 6,
      status: 'pending',
      paidAt: null,
      conversationId: done.conversationId,
      paymentUrl: `https://pay.test/c?o=${order!.id as string}&v=900000`,
    });
    expect(text(done)).toContain(`tu orden ${order!.id as string} por $900.000 quedó pendiente de pago`);
    expect(text(done)).toContain(`Paga aquí: ${order!.paymentUrl as string}`);
  });

  it('reads the item and quantity from one message, and re-asks a quantity out of range', async () => {
    await start();
    const asked = await say('quiero comprar 4 limpiezas faciales');
    expect(text(asked)).toBe(
      '¿Confirmas la compra de 4 × Limpieza facial profunda por $480.000? Te enviaré el link de pago.',
    );
    const no = await say('no');
    expect(text(no)).toBe('Listo, no generé ninguna orden. ¿Te ayudo con algo más?');
    expect(await orders(no.contactId)).toEqual([]);

    await say('quiero pagar');
    const chosen = await say('el paquete de masajes');
    expect(text(chosen)).toContain('¿Cuántas unidades de «Paquete 3 masajes relajantes»');
    const tooMany = await say('50');
    expect(text(tooMany)).toContain('La cantidad debe ser un número entero de 1 a 10.');
    const confirm = await say('2');
    expect(text(confirm)).toContain('2 × Paquete 3 masajes relajantes por $780.000');
    await say('dale');
    expect(await orders(confirm.contactId)).toMatchObject([{ itemId: 'relax-3', quantity: 2, sessions: 6 }]);
  });

  it('marks an order paid once and tells the customer once, however often the provider calls', async () => {
    await start();
    await say('quiero comprar el paquete de limpiezas');
    await say('1');
    const done = await say('si');
    const [order] = await orders(done.contactId);
    const id = order!.id as string;

    const first = await server!.request('POST', `/api/v1/tenants/clinica/orders/${id}/paid`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      changed: true,
      notified: true,
      order: { id, status: 'paid', paidAt: '2026-11-23T10:00:00.000-05:00' },
    });
    const second = await server!.request('POST', `/api/v1/tenants/clinica/orders/${id}/paid`);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ changed: false, notified: false, order: { status: 'paid' } });

    const notices = await server!.db
      .selectFrom('messages')
      .select(['text', 'conversation_id', 'status'])
      .where('direction', '=', 'out')
      .where('text', 'like', '%Recibimos tu pago%')
      .execute();
    expect(notices).toEqual([
      {
        text: `¡Recibimos tu pago de $400.000! Tu orden ${id} de Paquete 4 limpiezas faciales quedó pagada. Ya puedes agendar tus sesiones.`,
        conversation_id: done.conversationId,
        status: expect.any(String),
      },
    ]);
    const events = await server!.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'order-paid')
      .execute();
    expect(events).toHaveLength(1);

    const missing = await server!.request('POST', '/api/v1/tenants/clinica/orders/ord_nope/paid');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('order "ord_nope" does not exist in tenant "clinica"');
  });

  it('shows the history with orders and the sessions left after attended appointments', async () => {
    await start();
    const empty = await say('mis compras');
    expect(text(empty)).toBe('Aún no tienes compras con nosotros. Escribe «paquetes» para ver los precios.');

    await say('quiero comprar el paquete de 6 sesiones');
    await say('1');
    const done = await say('si');
    const [order] = await orders(done.contactId);
    await server!.request('POST', `/api/v1/tenants/clinica/orders/${order!.id as string}/paid`);
    await say('quiero comprar una limpieza facial');
    await say('1');
    await say('si');

    // Two laser sessions attended, one upcoming (not used yet), one cancelled in time (free).
    const appointment = (day: string, status: string) => ({
      id: `apt_${day}_${status}`,
      tenant_id: 'clinica',
      contact_id: done.contactId,
      conversation_id: done.conversationId,
      service_id: 'depilacion-laser',
      professional_id: 'laura',
      start_at: `2026-11-${day}T15:00:00.000Z`,
      end_at: `2026-11-${day}T16:00:00.000Z`,
      status,
      created_at: '2026-11-23T15:00:00.000Z',
      updated_at: '2026-11-23T15:00:00.000Z',
    });
    await server!.db
      .insertInto('appointments')
      .values([
        appointment('24', 'confirmed'),
        appointment('25', 'pending'),
        appointment('26', 'cancelled'),
        appointment('30', 'confirmed'),
      ])
      .execute();

    const history = await say('cuantas sesiones me quedan', '2026-11-27T09:00:00-05:00');
    expect(history.turn.intent).toBe('consultar_historial');
    expect(text(history)).toContain(
      '• Paquete 6 sesiones de depilación láser: $900.000, pagada el lunes 23 de noviembre',
    );
    expect(text(history)).toMatch(
      /• Limpieza facial profunda: \$120\.000, pendiente de pago \(lunes 23 de noviembre\)\. Link de pago: https:\/\/pagos\.example\.com\/checkout\?order=ord_\w+&amount=120000&currency=COP/,
    );
    expect(text(history)).toContain(
      'Sesiones disponibles:\n• Depilación láser: te quedan 4 de 6, vigentes hasta el martes 23 de noviembre',
    );
  });

  it('refuses a payment URL template without the order id, naming the setting', async () => {
    await expect(start({ packages: { paymentUrlTemplate: 'https://pay.test/checkout' } })).rejects.toThrow(
      'tenant "clinica": skillSettings.packages.paymentUrlTemplate: must contain {{order.id}}',
    );
  });
  it('offers the same order and history through its tools', async () => {
    await start();
    const hello = await say('hola');
    const items = purchasableItems(loadBusinessData(resolve(DEMO_DIR, 'clinica/negocio.yaml')));
    const tools = createPackagesTools({
      items,
      paymentUrlTemplate: 'https://pay.test/{{order.id}}',
      validityMonths: () => 6,
    });
    const context = {
      tenant: server!.orquesta.tenants.get('clinica')!,
      contactId: hello.contactId,
      conversationId: hello.conversationId,
      now: new Date('2026-11-23T14:00:00.000Z'),
      db: server!.db,
    };
    expect(tools.createOrder.input.safeParse({ item: 'package:nope', quantity: 1 }).success).toBe(false);
    const order = await tools.createOrder.execute({ item: 'package:facial-4', quantity: 1 }, context);
    expect(order).toMatchObject({
      status: 'pending',
      amount: 400000,
      paymentUrl: `https://pay.test/${order.id}`,
    });
    const history = await tools.purchaseHistory.execute({}, context);
    expect(history.orders.map((item) => item.id)).toEqual([order.id]);
    expect(history.sessions).toEqual([]);
  });
});
