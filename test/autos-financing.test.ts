/**
 * The autos dealer's financing conversation end to end, through the test endpoint with the demo
 * configuration on every database engine. Expected payments are worked out here from the rule of
 * financiamiento.md, independently of the skill's exact arithmetic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog } from '../src/skills/catalog/testing.ts';
import { DIALECTS } from './support/databases.ts';
import { demoTestConfig } from './support/test-config.ts';
import { startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

const NOW = '2026-11-23T09:00:00-06:00';

/** financiamiento.md: mensualidad = monto × tasa / (1 − (1 + tasa)^−meses), tasa = 10 % / 12, to the peso. */
function monthlyPayment(financed: number, months: number): number {
  const rate = 0.1 / 12;
  return Math.round((financed * rate) / (1 - (1 + rate) ** -months));
}

const pesos = (amount: number) => `$${amount.toLocaleString('en-US')}`;
const text = (turn: TestTurn) => turn.replies.map((reply) => reply.text).join('\n');

describe.each(DIALECTS)('autos financing conversation on %s', (dialect) => {
  let server: TestServer;
  let customers = 0;
  beforeAll(async () => {
    const config = demoTestConfig();
    server = await startTestServer({ dialect, config });
  });
  afterAll(() => server.close());

  function customer() {
    customers += 1;
    const from = `5215511111${String(customers).padStart(3, '0')}`;
    return (message: string, buttonId?: string): Promise<TestTurn> =>
      server.turn('autos', { from, text: message, now: NOW, ...(buttonId ? { buttonId } : {}) });
  }

  it('quotes "20% de enganche a 4 años" for the car in the conversation, exact to the peso', async () => {
    const say = customer();
    await say('busco un toyota corola');
    await say('el segundo');
    const turn = await say('y con 20% de enganche a 4 años?');
    expect(turn.turn).toMatchObject({ intent: 'financiamiento', skill: 'financing' });
    const price = 371_000;
    const downPayment = price * 0.2;
    const expected = monthlyPayment(price - downPayment, 48);
    expect(expected).toBe(7528);
    expect(turn.replies).toEqual([
      {
        text:
          'Toyota Corolla 2021 a 4 años (48 meses):\nPrecio: $371,000\nEnganche: $74,200\n' +
          `Monto financiado: $296,800\nMensualidad: *${pesos(expected)}*\nTasa fija del 10 % anual.\n\n` +
          'Cifras informativas; la oferta final depende de la aprobación de crédito.',
      },
    ]);
  });

  it('gives the table of 10/20/30 % down by 3 to 6 years when no terms are given', async () => {
    const say = customer();
    const card = await say('busco un toyota corola 2021');
    expect(text(card)).toContain('Inventario: 243001');
    const turn = await say('Calcular mensualidades', 'financiamiento');
    const price = 371_000;
    const lines = [10, 20, 30].map((percent) => {
      const downPayment = (price * percent) / 100;
      const payments = [3, 4, 5, 6]
        .map((years) => `${years} años ${pesos(monthlyPayment(price - downPayment, years * 12))}`)
        .join(' · ');
      return `Enganche ${percent} % (${pesos(downPayment)}): ${payments}`;
    });
    expect(text(turn)).toContain(
      `Opciones de crédito para el Toyota Corolla 2021 ($371,000), tasa fija del 10 % anual:\n${lines.join('\n')}`,
    );
    expect(lines[0]).toBe(
      'Enganche 10 % ($37,100): 3 años $10,774 · 4 años $8,469 · 5 años $7,094 · 6 años $6,186',
    );
  });

  it('asks which car when none is in focus, then quotes with what was already said', async () => {
    const say = customer();
    const question = await say('quiero financiar un auto con 30% de enganche a 5 años');
    expect(question.turn.skill).toBe('financing');
    expect(text(question)).toContain('¿Qué auto quieres financiar?');
    const quote = await say('el corolla 2021');
    expect(quote.turn.skill).toBe('financing');
    expect(text(quote)).toContain(`Mensualidad: *${pesos(monthlyPayment(371_000 - 111_300, 60))}*`);
    expect(text(quote)).toContain('Enganche: $111,300');
  });

  it('offers the listed cars as the answer to "which car", and takes a tap', async () => {
    const say = customer();
    const listing = await say('busco un toyota corola');
    const question = await say('cuanto quedaria la mensualidad');
    expect(question.replies.at(-1)!.buttons!.map((button) => button.id)).toEqual(
      listing.replies[0]!.buttons!.map((button) => button.id),
    );
    const table = await say('Toyota Corolla 2022', '243050');
    expect(text(table)).toContain('Opciones de crédito para el Toyota Corolla 2022 ($409,000)');
  });

  it('lists the cars a name fits when asked to finance it, and takes "el segundo" as the answer', async () => {
    const say = customer();
    const question = await say('mensualidades del mazda 3 a 4 años');
    const offered = question.replies.at(-1)!.buttons!.map((button) => button.id);
    expect(offered.length).toBeGreaterThan(1);
    expect(question.replies[0]!.text).toMatch(/^Tengo varios que coinciden:\n1\. Mazda 3 /);
    const answer = await say('el segundo');
    expect(answer.turn.skill).toBe('financing');
    const chosen = demoCatalog.byStockId(offered[1]!)!;
    const downPayment = Math.ceil(chosen.price * 0.2);
    expect(text(answer)).toContain(
      `Enganche 20 % (${pesos(downPayment)}): 4 años ${pesos(monthlyPayment(chosen.price - downPayment, 48))}`,
    );
    expect(text(answer)).toContain(
      `Opciones de crédito para el Mazda 3 ${chosen.year} (${pesos(chosen.price)})`,
    );
  });

  it('explains a down payment below the minimum and a term not offered, then shows what it can', async () => {
    const say = customer();
    await say('busco un toyota corola 2021');
    const turn = await say('con 20 mil de enganche a 7 años');
    expect(turn.replies[0]!.text).toBe(
      'No manejamos plazo de 84 meses. Los plazos son de 3 a 6 años (36, 48, 60, 72 meses).',
    );
    expect(turn.replies[1]!.text).toBe('El enganche mínimo es del 10 % ($37,100); con $20,000 no alcanza.');
    expect(turn.replies[2]!.text).toContain('Enganche 10 % ($37,100): 3 años $10,774');
  });

  it('quotes a down payment given as an amount', async () => {
    const say = customer();
    await say('busco un toyota corola 2021');
    const turn = await say('doy 100 mil de enganche y el resto a 3 años');
    expect(text(turn)).toContain('Enganche: $100,000');
    expect(text(turn)).toContain(`Mensualidad: *${pesos(monthlyPayment(271_000, 36))}*`);
  });
});
