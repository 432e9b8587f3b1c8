/**
 * The demo internet provider end to end: real Spanish messages through the test endpoint of the real app
 * over a real database, with the demo configuration and RedNova's own backend running on a free port.
 * It answers from its documents naming them, offers a person when they say nothing, and opens a fault
 * ticket once even when the turn that opens it is delivered twice or fails after the call and is replayed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIspBackend, type IspBackend } from '../examples/isp-backend/server.ts';
import { DIALECTS } from './support/databases.ts';
import { demoTestConfig } from './support/test-config.ts';
import { startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

const BACKEND_TOKEN = 'isp-test-token-4f9c';
const NOW = '2026-11-23T09:00:00-05:00';

interface Ticket {
  id: string;
  phone: string;
  kind: string;
  description: string;
  status: string;
}

describe.each(DIALECTS)('the isp bot on %s', (dialect) => {
  let backend: IspBackend;
  let server: TestServer | undefined;
  /** Set to make the next turn fail after deciding (and calling the backend), before its commit. */
  let failNextCommit: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    backend = await startIspBackend({ token: BACKEND_TOKEN });
    const config = demoTestConfig({ ISP_BACKEND_URL: backend.url, ISP_BACKEND_TOKEN: BACKEND_TOKEN });
    server = await startTestServer({
      dialect,
      config,
      pipeline: {
        beforeCommit: async () => {
          const fail = failNextCommit;
          failNextCommit = undefined;
          await fail?.();
        },
      },
    });
  });

  afterEach(async () => {
    failNextCommit = undefined;
    await server?.close();
    server = undefined;
    await backend.close();
  });

  async function say(from: string, text: string, id?: string): Promise<TestTurn> {
    return server!.turn('isp', { from, text, now: NOW, ...(id ? { id } : {}) });
  }

  const replyOf = (turn: TestTurn) => turn.replies.map((reply) => reply.text).join('\n');

  async function ticketsOf(phone: string): Promise<Ticket[]> {
    const response = await fetch(`${backend.url}/tickets?phone=${phone}`, {
      headers: { authorization: `Bearer ${BACKEND_TOKEN}` },
    });
    return ((await response.json()) as { tickets: Ticket[] }).tickets;
  }

  it('answers questions from the right document and names it', async () => {
    const plans = await say('573101000001', 'cuanto cuesta el plan de 300 megas');
    expect(plans.turn).toMatchObject({ intent: 'pregunta_general', skill: 'knowledge' });
    expect(replyOf(plans)).toContain('Nova 300');
    expect(replyOf(plans)).toContain('$75.000');
    expect(replyOf(plans)).toMatch(/Fuente: .*\(planes\.md\)/);

    const billing = await say('573101000001', 'hasta q dia puedo pagar la factura');
    expect(replyOf(billing)).toContain('vence el día 15');
    expect(replyOf(billing)).toContain('(facturacion.md)');

    const wifi = await say('573101000001', 'como cambio la clave del wifi');
    expect(replyOf(wifi)).toContain('(wifi-contrasena.md)');
  });

  it('says so and offers a person when its documents say nothing, and takes the offer', async () => {
    const question = await say('573101000002', 'tienen planes para empresas?');
    expect(question.turn.skill).toBe('knowledge');
    expect(replyOf(question)).toContain('No encontré información sobre eso');
    expect(question.replies[0]!.buttons).toEqual([{ id: 'handoff', title: 'Hablar con una persona' }]);

    const yes = await say('573101000002', 'si');
    expect(yes.turn.handoff).toBe(true);
  });

  it('answers in the fallback position what its documents know, and leaves the rest to the clarifying question', async () => {
    const known = await say('573101000003', 'simetricos');
    expect(known.turn).toMatchObject({ intent: null, skill: 'knowledge' });
    expect(replyOf(known)).toContain('(planes.md)');

    const unknown = await say('573101000004', 'asdfgh qwerty');
    expect(unknown.turn.skill).toBe('smalltalk');
    expect(replyOf(unknown)).toContain('no te entendí');
    expect(unknown.replies[0]!.buttons?.map((button) => button.id)).toEqual(
      expect.arrayContaining(['reportar_falla', 'consultar_ticket']),
    );
  });

  it('reports a fault: asks what it needs, confirms, opens one ticket and tells its number', async () => {
    const phone = '573101000005';
    const start = await say(phone, 'no tengo internet');
    expect(start.turn).toMatchObject({ intent: 'reportar_falla', skill: 'http-actions' });
    expect(replyOf(start)).toContain('Cuéntame en un mensaje qué pasa');

    const described = await say(phone, 'desde ayer no carga nada y el modem tiene la luz roja');
    expect(replyOf(described)).toContain(
      'Voy a registrar un reporte de falla (Sin servicio): «desde ayer no carga nada y el modem tiene la luz roja»',
    );
    expect(await ticketsOf(phone)).toEqual([]);

    const confirmed = await say(phone, 'si');
    expect(replyOf(confirmed)).toContain('registré tu reporte con el número TK-10001');
    expect(await ticketsOf(phone)).toMatchObject([
      {
        id: 'TK-10001',
        phone,
        kind: 'sin_servicio',
        description: 'desde ayer no carga nada y el modem tiene la luz roja',
        status: 'abierto',
      },
    ]);
  });

  it('asks for the kind of fault with buttons when the message does not say it', async () => {
    const phone = '573101000006';
    const start = await say(phone, 'quiero reportar una falla');
    expect(start.replies[0]!.buttons?.map((button) => button.id)).toEqual([
      'sin_servicio',
      'lento',
      'intermitente',
      'otro',
    ]);
    await say(phone, 'intermitente');
    await say(phone, 'se cae cada media hora desde el lunes');
    const done = await say(phone, 'dale');
    expect(replyOf(done)).toContain('TK-10001');
    expect(await ticketsOf(phone)).toMatchObject([{ kind: 'intermitente' }]);
  });

  it('opens one ticket when the confirming message is delivered twice', async () => {
    const phone = '573101000007';
    await say(phone, 'el internet esta muy lento');
    await say(phone, 'en las noches no abre ni youtube');
    const first = await say(phone, 'si', 'wamid.CONFIRM-1');
    const again = await say(phone, 'si', 'wamid.CONFIRM-1');
    expect(again.turn.id).toBe(first.turn.id);
    expect(replyOf(again)).toContain('TK-10001');
    expect(await ticketsOf(phone)).toHaveLength(1);
  });

  it('opens one ticket when the turn fails after the call and is replayed', async () => {
    const phone = '573101000008';
    await say(phone, 'se me fue el internet');
    await say(phone, 'ninguna pagina abre desde las 6 am');
    let ticketsWhenFailing: Ticket[] | undefined;
    failNextCommit = async () => {
      ticketsWhenFailing = await ticketsOf(phone);
      throw new Error('the process stopped before the commit');
    };

    const confirmed = await say(phone, 'si');
    // The failed attempt had already opened the ticket; the replay sent the same Idempotency-Key.
    expect(ticketsWhenFailing).toHaveLength(1);
    expect(replyOf(confirmed)).toContain('TK-10001');
    expect(await ticketsOf(phone)).toMatchObject([{ id: 'TK-10001' }]);
    const turns = await server!.db
      .selectFrom('turns')
      .select('id')
      .where('skill', '=', 'http-actions')
      .execute();
    expect(turns).toHaveLength(3);
  });

  it('tells the state of a ticket by its number, asks for it when missing, and says when it does not exist', async () => {
    const phone = '573101000009';
    await say(phone, 'no tengo internet');
    await say(phone, 'nada carga desde ayer');
    await say(phone, 'si');

    const direct = await say('573101000010', 'estado del ticket 10001');
    expect(direct.turn).toMatchObject({ intent: 'consultar_ticket', skill: 'http-actions' });
    expect(replyOf(direct)).toBe('Tu reporte TK-10001 está abierto.');

    const asked = await say('573101000011', 'como va mi reporte');
    expect(replyOf(asked)).toContain('¿Cuál es el número de tu reporte?');
    const wrong = await say('573101000011', 'el de ayer');
    expect(replyOf(wrong)).toContain('Ese número no parece de un reporte');
    const answered = await say('573101000011', 'tk10001');
    expect(replyOf(answered)).toBe('Tu reporte TK-10001 está abierto.');

    const missing = await say('573101000012', 'revisar ticket 77881');
    expect(replyOf(missing)).toBe('No encontré el reporte 77881. Revisa el número; se ve así: TK-10001.');
  });

  it('says the report system failed when the backend cannot be reached', async () => {
    await backend.close();
    // Another backend for afterEach to close; the configured URL (the closed port) answers nothing now.
    backend = await startIspBackend({ token: BACKEND_TOKEN });
    const status = await say('573101000013', 'estado del ticket 10001');
    expect(replyOf(status)).toContain('no pude consultar nuestro sistema de reportes');
  });
});
