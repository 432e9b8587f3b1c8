/**
 * The autos dealer's catalog conversation end to end: real Spanish messages through the test endpoint,
 * the demo configuration, its trained NLU and catalog, on every database engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog } from '../src/skills/catalog/testing.ts';
import { DIALECTS } from './support/databases.ts';
import { demoTestConfig } from './support/test-config.ts';
import { startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

/** Monday 23 November 2026, 09:00 in Mexico City. */
const NOW = '2026-11-23T09:00:00-06:00';

const carOf = (stockId: string) => demoCatalog.byStockId(stockId)!;
const listedIds = (turn: TestTurn) =>
  (turn.replies.at(-1)?.buttons ?? []).map((button) => button.id).filter((id) => demoCatalog.byStockId(id));
const text = (turn: TestTurn) => turn.replies.map((reply) => reply.text).join('\n');

describe.each(DIALECTS)('autos catalog conversation on %s', (dialect) => {
  let server: TestServer;
  let customers = 0;
  beforeAll(async () => {
    const config = demoTestConfig();
    server = await startTestServer({ dialect, config });
  });
  afterAll(() => server.close());

  /** A new customer: each test speaks as its own contact. */
  function customer() {
    customers += 1;
    const from = `5215500000${String(customers).padStart(3, '0')}`;
    return (message: string, buttonId?: string): Promise<TestTurn> =>
      server.turn('autos', { from, text: message, now: NOW, ...(buttonId ? { buttonId } : {}) });
  }

  it('finds a make and model written with a typo, cheapest first, each car a button', async () => {
    const say = customer();
    const turn = await say('busco un toyota corola');
    expect(turn.turn).toMatchObject({ intent: 'buscar_auto', skill: 'catalog' });
    expect(listedIds(turn)).toEqual(['243016', '243001', '243050']);
    expect(text(turn)).toContain('Tengo 3 autos que te pueden interesar:');
    expect(text(turn)).toContain('2. Toyota Corolla 2021 · $371,000 · 42,600 km');
    expect(turn.replies[0]!.buttons).toContainEqual({ id: '243001', title: 'Toyota Corolla 2021' });
  });

  it('reads "menos de 400 mil" as a budget and pages five at a time with "ver más"', async () => {
    const say = customer();
    const first = await say('tienen algo de menos de 400 mil?');
    const firstPage = listedIds(first).map(carOf);
    expect(firstPage).toHaveLength(5);
    expect(firstPage.every((car) => car.price <= 400_000)).toBe(true);
    const prices = firstPage.map((car) => car.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const cheapest = Math.min(...demoCatalog.cars.map((car) => car.price));
    expect(prices[0]).toBe(cheapest);
    expect(first.replies[0]!.buttons!.at(-1)).toEqual({ id: 'catalog_more', title: 'Ver más' });

    const second = await say('ver más');
    expect(second.turn.skill).toBe('catalog');
    const secondPage = listedIds(second).map(carOf);
    expect(secondPage).toHaveLength(5);
    expect(secondPage.every((car) => car.price <= 400_000)).toBe(true);
    expect(secondPage[0]!.price).toBeGreaterThanOrEqual(prices.at(-1)!);
    expect(secondPage.map((car) => car.stockId)).not.toContain(firstPage[0]!.stockId);
    expect(text(second)).toMatch(/^Más opciones \(6 a 10 de \d+\):\n6\. /);

    // The numbers shown go on from page to page: "el séptimo" is the second car of page two.
    const seventh = await say('el séptimo');
    expect(text(seventh)).toContain(`Inventario: ${secondPage[1]!.stockId}`);
  });

  it('goes through every page with "más opciones" and the button, and says when there are no more', async () => {
    const say = customer();
    const mazdas = demoCatalog.cars.filter((car) => car.make === 'Mazda').length;
    expect(mazdas).toBe(12);
    const first = await say('que mazda tienen');
    const second = await say('más opciones');
    const third = await say('Ver más', 'catalog_more');
    const seen = [...listedIds(first), ...listedIds(second), ...listedIds(third)];
    expect(new Set(seen).size).toBe(12);
    expect(seen.every((id) => carOf(id).make === 'Mazda')).toBe(true);
    expect(third.replies[0]!.buttons!.some((button) => button.id === 'catalog_more')).toBe(false);
    const after = await say('ver mas');
    expect(text(after)).toBe('Ya te mostré todos los autos de esta búsqueda. ¿Quieres buscar otra cosa?');
  });

  it('searches by body type: "camioneta" lists SUVs only', async () => {
    const say = customer();
    const turn = await say('busco una camioneta');
    const cars = listedIds(turn).map(carOf);
    expect(cars).toHaveLength(5);
    expect(cars.every((car) => car.bodyType === 'suv')).toBe(true);
    const total = demoCatalog.cars.filter((car) => car.bodyType === 'suv').length;
    expect(text(turn)).toContain(`Tengo ${total} autos que te pueden interesar:`);
  });

  it('says honestly when nothing matches, and offers the closest cars', async () => {
    const say = customer();
    const turn = await say('busco una hilux de menos de 200 mil');
    expect(text(turn)).toContain(
      'No tengo autos con todo lo que pides. Sin el precio, estos son los más cercanos:',
    );
    const cars = listedIds(turn).map(carOf);
    expect(cars.length).toBeGreaterThan(0);
    expect(cars.every((car) => car.model === 'Hilux' && car.price > 200_000)).toBe(true);
    const hiluxPrices = demoCatalog.cars.filter((car) => car.model === 'Hilux').map((car) => car.price);
    expect(cars[0]!.price).toBe(Math.min(...hiluxPrices));
  });

  it('shows the card of "el segundo", and of a car tapped in the list', async () => {
    const say = customer();
    const listing = await say('busco un toyota corola');
    const [, second, third] = listedIds(listing);
    const card = await say('el segundo');
    expect(card.turn).toMatchObject({ intent: 'detalle_auto', skill: 'catalog' });
    expect(card.replies).toEqual([
      {
        text:
          '*Toyota Corolla 2021*\nVersión: 1.8 LE CVT\nPrecio: $371,000\nKilometraje: 42,600 km\nCarrocería: sedán\n' +
          'Bluetooth: Sí · CarPlay: Sí\nMedidas (largo × ancho × alto): 4.76 × 1.84 × 1.46 m\nInventario: 243001',
        buttons: [{ id: 'financiamiento', title: 'Calcular mensualidades' }],
      },
    ]);
    expect(second).toBe('243001');

    const tapped = await say('Toyota Corolla 2022', third);
    expect(text(tapped)).toContain(`Inventario: ${third}`);
    expect(text(tapped)).toContain('Precio: $409,000');
  });

  it('asks which one when a name fits several listed cars, and knows "ese" after a card', async () => {
    const say = customer();
    await say('busco un toyota corola');
    const which = await say('cuanto cuesta el corolla');
    expect(text(which)).toMatch(/^¿Cuál de estos te interesa\?\n1\. Toyota Corolla 2020/);
    expect(listedIds(which)).toEqual(['243016', '243001', '243050']);
    await say('el tercero');
    const that = await say('que kilometraje tiene ese');
    expect(text(that)).toContain('Inventario: 243050');
  });

  it('says what it cannot filter by, and when a position was never shown', async () => {
    const say = customer();
    const turn = await say('busco un sedan automatico de menos de 300 mil');
    expect(
      listedIds(turn)
        .map(carOf)
        .every((car) => car.bodyType === 'sedan' && car.price <= 300_000),
    ).toBe(true);
    expect(text(turn)).toContain('no pude filtrar por automático o estándar');
    const beyond = await say('el noveno de la lista');
    expect(text(beyond)).toBe('Solo te mostré 5 autos. ¿Cuál te interesa?');
  });
});
