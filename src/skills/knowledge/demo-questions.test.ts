/**
 * The demo tenants' knowledge bases answering questions written the way customers write them (no accents,
 * typos, "q", "xq", "porfa"): each must find the expected document first, and off-topic questions nothing.
 * These questions are the ones the relevance threshold was calibrated on (docs/skills/knowledge.md).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';

const NONE = null;

const QUESTIONS: Record<string, [question: string, expected: string | null][]> = {
  isp: [
    ['el internet esta lentisimo q hago', 'internet-lento.md'],
    ['cuanto cuesta el plan de 300 megas', 'planes.md'],
    ['no tengo internet y la luz esta roja', 'sin-conexion.md'],
    ['como cambio la clave del wifi', 'wifi-contrasena.md'],
    ['hasta q dia puedo pagar la factura', 'facturacion.md'],
    ['tienen cobertura en chia?', 'cobertura-e-instalacion.md'],
    ['cuanto se demora la instalacion', 'cobertura-e-instalacion.md'],
    ['q planes tienen', 'planes.md'],
    ['se me olvido la contraseña del modem', 'wifi-contrasena.md'],
    ['si pago tarde me cortan el servicio?', 'facturacion.md'],
    ['la luz LOS esta parpadeando en rojo', 'sin-conexion.md'],
    ['el wifi va muy lento porfa', 'internet-lento.md'],
    ['hay clausula de permanencia?', 'planes.md'],
    ['se me fue el internet xq sera', 'sin-conexion.md'],
    ['cuanto questa el plan de 600', 'planes.md'],
    ['como cambio la contrasena del wify', 'wifi-contrasena.md'],
    ['intenet lentisimooo', 'internet-lento.md'],
    ['q pasa si no pago a tiempo', 'facturacion.md'],
    ['how much is the 900 plan', 'planes.md'],
    ['quien gano el partido ayer', NONE],
    ['me recomiendas una pelicula', NONE],
    ['cual es la capital de francia', NONE],
    ['la depilacion laser duele?', NONE],
    ['tienen pizza a domicilio', NONE],
    ['quiero comprar un carro', NONE],
    ['tengo una pregunta', NONE],
    ['jajaja', NONE],
  ],
  clinica: [
    ['donde quedan', 'ubicacion-y-pagos.md'],
    ['¿Dónde quedan?', 'ubicacion-y-pagos.md'],
    ['a q hora abren los sabados', 'ubicacion-y-pagos.md'],
    ['aceptan nequi?', 'ubicacion-y-pagos.md'],
    ['tienen parqueadero?', 'ubicacion-y-pagos.md'],
    ['tienen parqueadro', 'ubicacion-y-pagos.md'],
    ['se puede pagar en cuotas', 'ubicacion-y-pagos.md'],
    ['la depilacion laser duele?', 'depilacion-laser.md'],
    ['la depilasion duele mucho?', 'depilacion-laser.md'],
    ['cuantas sesiones necesito', 'depilacion-laser.md'],
    ['cuantas seciones son', 'depilacion-laser.md'],
    ['estoy embarazada puedo hacerme el laser', 'depilacion-laser.md'],
    ['como me preparo para la depilacion', 'depilacion-laser.md'],
    ['puedo cancelar mi cita sin q me cobren', 'politicas.md'],
    ['q pasa si llego tarde a la cita', 'politicas.md'],
    ['con cuanta anticipacion tengo q agendar', 'politicas.md'],
    ['where are you located', 'ubicacion-y-pagos.md'],
    ['what time do you open', 'ubicacion-y-pagos.md'],
    ['quien gano el partido ayer', NONE],
    ['me recomiendas una pelicula', NONE],
    ['cuanto cuesta el plan de 300 megas', NONE],
    ['venden pizza', NONE],
    ['hola', NONE],
    ['ok gracias', NONE],
  ],
  autos: [
    ['q requisitos piden para el credito', 'financiamiento.md'],
    ['cual es la tasa de interes', 'financiamiento.md'],
    ['q tasa de interes manejan', 'financiamiento.md'],
    ['a cuantos meses puedo financiar', 'financiamiento.md'],
    ['cuanto es el enganche minimo', 'financiamiento.md'],
    ['donde estan sus sucursales', 'sedes.md'],
    ['tienen agencia en monterrey', 'sedes.md'],
    ['tienen sucursal en guadalajara', 'sedes.md'],
    ['como le hago para apartar un carro', 'proceso-de-compra.md'],
    ['q documentos necesito para comprar', 'proceso-de-compra.md'],
    ['aceptan tarjeta de credito?', 'preguntas-frecuentes.md'],
    ['hacen envios a otra ciudad?', 'preguntas-frecuentes.md'],
    ['q garantia tienen los autos', 'preguntas-frecuentes.md'],
    ['puedo dejar mi coche a cuenta', 'preguntas-frecuentes.md'],
    ['a q hora abren el domingo', 'empresa.md'],
    ['si no me convence el auto lo puedo devolver', 'empresa.md'],
    ['quien gano el partido ayer', NONE],
    ['me recomiendas una pelicula', NONE],
    ['el internet esta lentisimo', NONE],
    ['cual es la capital de francia', NONE],
    ['el partido de futbol', NONE],
  ],
};

const bases = new Map<string, KnowledgeBase>();

beforeAll(async () => {
  for (const tenant of Object.keys(QUESTIONS)) {
    const folder = fileURLToPath(new URL(`../../../examples/demo/${tenant}/conocimiento`, import.meta.url));
    bases.set(tenant, await loadKnowledgeBase(folder));
  }
});

async function firstAnswer(tenant: string, question: string): Promise<string | null> {
  const base = bases.get(tenant);
  if (!base) throw new Error(`no knowledge base for ${tenant}`);
  const answer = await base.answer(question);
  return answer.found ? answer.source.document : null;
}

for (const [tenant, questions] of Object.entries(QUESTIONS)) {
  describe(`knowledge of the demo tenant ${tenant}`, () => {
    it.each(questions)('%s → %s', async (question, expected) => {
      expect(await firstAnswer(tenant, question)).toBe(expected);
    });
  });
}

describe('hit@1 over the demo questions', () => {
  it('finds the expected document first (or nothing) for every question', async () => {
    const lines: string[] = [];
    let hits = 0;
    let total = 0;
    for (const [tenant, questions] of Object.entries(QUESTIONS)) {
      let tenantHits = 0;
      for (const [question, expected] of questions) {
        if ((await firstAnswer(tenant, question)) === expected) tenantHits += 1;
      }
      const answerable = questions.filter(([, expected]) => expected !== NONE).length;
      lines.push(
        `${tenant}: ${tenantHits}/${questions.length} (${answerable} answerable, ${questions.length - answerable} off-topic)`,
      );
      hits += tenantHits;
      total += questions.length;
    }
    console.info(`knowledge hit@1: ${hits}/${total} = ${(hits / total).toFixed(3)}\n  ${lines.join('\n  ')}`);
    expect(hits).toBe(total);
  });
});
