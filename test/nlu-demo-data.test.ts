/** The demo tenants' training data covers exactly the intents their skills handle, with enough examples. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/nlu/normalize-text.ts';
import { readTrainingData } from '../src/nlu/training-data.ts';
import { DEMO_DIR } from './support/test-config.ts';

const MIN_EXAMPLES = 36;

const INTENTS: Record<string, string[]> = {
  clinica: [
    'saludo',
    'despedida',
    'ayuda',
    'agendar_cita',
    'cancelar_cita',
    'confirmar_cita',
    'reagendar_cita',
    'consultar_horarios',
    'consulta_estado',
    'consultar_paquetes',
    'pagar_servicio',
    'consultar_historial',
    'actualizar_perfil',
    'hablar_con_humano',
    'pregunta_general',
  ],
  autos: [
    'saludo',
    'despedida',
    'ayuda',
    'buscar_auto',
    'detalle_auto',
    'financiamiento',
    'pregunta_general',
    'hablar_con_humano',
  ],
  isp: [
    'saludo',
    'despedida',
    'ayuda',
    'pregunta_general',
    'reportar_falla',
    'consultar_ticket',
    'hablar_con_humano',
  ],
};

describe.each(Object.keys(INTENTS))('the training data of the demo tenant %s', (tenant) => {
  const data = readTrainingData(join(DEMO_DIR, tenant, 'nlu.yml'));
  const counts = new Map<string, number>();
  for (const example of data.examples) counts.set(example.intent, (counts.get(example.intent) ?? 0) + 1);

  it('covers exactly its intents', () => {
    expect([...counts.keys()].sort()).toEqual([...(INTENTS[tenant] ?? [])].sort());
  });

  it(`has at least ${MIN_EXAMPLES} examples of each intent`, () => {
    const short = [...counts].filter(([, count]) => count < MIN_EXAMPLES);
    expect(short).toEqual([]);
  });

  it('never gives one text to two intents', () => {
    const intentOf = new Map<string, string>();
    const conflicts: string[] = [];
    for (const { text, intent } of data.examples) {
      const key = normalizeText(text);
      const earlier = intentOf.get(key);
      if (earlier && earlier !== intent) conflicts.push(`"${text}": ${earlier} and ${intent}`);
      intentOf.set(key, intent);
    }
    expect(conflicts).toEqual([]);
  });

  it('includes some English, as customers sometimes write it', () => {
    const english = data.examples.filter(({ text }) =>
      /\b(the|my|you|what|how|i|do|can|please|to)\b/i.test(text),
    );
    expect(english.length).toBeGreaterThanOrEqual(INTENTS[tenant]?.length ?? 0);
  });

  it('is the file the demo configuration names', () => {
    expect(readFileSync(join(DEMO_DIR, 'orquesta.yaml'), 'utf8')).toContain(`data: ${tenant}/nlu.yml`);
  });
});

describe('entity data of the demo tenants', () => {
  it('gives the clinic synonyms for its services and professionals', () => {
    const { lookups, synonyms } = readTrainingData(join(DEMO_DIR, 'clinica/nlu.yml'));
    expect(lookups.service).toEqual([
      'depilacion-laser',
      'limpieza-facial',
      'valoracion',
      'masaje-relajante',
      'peeling-quimico',
    ]);
    expect(lookups.professional).toEqual(['laura', 'andres', 'camila']);
    expect(synonyms).toMatchObject({
      laser: 'depilacion-laser',
      limpieza: 'limpieza-facial',
      masaje: 'masaje-relajante',
      'doctora laura': 'laura',
    });
  });

  it('gives the dealer body types and common misspellings of makes and models', () => {
    const { lookups, synonyms } = readTrainingData(join(DEMO_DIR, 'autos/nlu.yml'));
    expect(lookups.body_type).toEqual(['sedan', 'suv', 'hatchback', 'pickup', 'minivan', 'coupe']);
    expect(synonyms).toMatchObject({
      camioneta: 'suv',
      troca: 'pickup',
      nisan: 'Nissan',
      vw: 'Volkswagen',
      jeta: 'Jetta',
      cx5: 'CX-5',
    });
  });
});
