import { describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import { CLINIC_EXAMPLES } from './__fixtures__/clinic-examples.ts';
import { loadIntentClassifier, trainIntentClassifier } from './index.ts';

const classifier = trainIntentClassifier(CLINIC_EXAMPLES);
const intents = [...new Set(CLINIC_EXAMPLES.map((example) => example.intent))];
const top = (text: string) => classifier.rank(text)[0]!;

describe('trainIntentClassifier', () => {
  it('ranks every intent once, highest first, with confidences that sum to 1', () => {
    for (const text of ['quiero agendar una cita', 'no sé', '', '🙂']) {
      const ranking = classifier.rank(text);
      expect(ranking.map((score) => score.name).sort()).toEqual([...intents].sort());
      const confidences = ranking.map((score) => score.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
      expect(confidences.every((confidence) => confidence >= 0 && confidence <= 1)).toBe(true);
      expect(confidences.reduce((sum, confidence) => sum + confidence, 0)).toBeCloseTo(1, 9);
    }
  });

  it('is confident about messages like its examples', () => {
    expect(top('quiero agendar una cita')).toMatchObject({ name: 'agendar_cita' });
    expect(top('quiero agendar una cita').confidence).toBeGreaterThan(0.9);
    expect(top('cuánto cuesta el masaje').confidence).toBeGreaterThan(0.9);
  });

  it.each([
    ['without accents', 'cuanto cuesta la limpieza facial', 'consultar_paquetes'],
    ['in capitals', 'QUIERO CANCELAR MI CITA', 'cancelar_cita'],
    ['with elongations', 'holaaaa buenaaas', 'saludo'],
    ['with emoji', 'chao 👋😊', 'despedida'],
    ['with typos', 'qiero cancelar la sita', 'cancelar_cita'],
    ['with typos', 'kiero ablar con una persona', 'hablar_con_humano'],
    ['with abbreviations', 'q precio tiene el masaje porfa', 'consultar_paquetes'],
    ['with abbreviations', 'xfa agendame una cita', 'agendar_cita'],
    ['in other words', 'me gustaría reservar para el viernes', 'agendar_cita'],
  ])('understands messages written %s: "%s"', (_how, text, intent) => {
    expect(top(text).name).toBe(intent);
    expect(top(text).confidence).toBeGreaterThan(0.6);
  });

  it('gives messages about something else a flat ranking, below a 0.6 threshold', () => {
    for (const text of ['el carro tiene llantas nuevas', 'asdfgh', 'what is the capital of France', '']) {
      expect(top(text).confidence).toBeLessThan(0.6);
    }
  });

  it('learns the same model from the same examples in any order', () => {
    const reversed = trainIntentClassifier([...CLINIC_EXAMPLES].reverse());
    expect(JSON.stringify(reversed.toJSON())).toBe(JSON.stringify(classifier.toJSON()));
  });

  it('ranks the only intent it knows with confidence 1, and nothing when it knows none', () => {
    const single = trainIntentClassifier([{ text: 'hola', intent: 'saludo' }]);
    expect(single.rank('cualquier cosa')).toEqual([{ name: 'saludo', confidence: 1 }]);
    expect(trainIntentClassifier([]).rank('hola')).toEqual([]);
  });
});

describe('loadIntentClassifier', () => {
  it('ranks exactly as the model it was saved from, through JSON text', () => {
    const loaded = loadIntentClassifier(JSON.parse(JSON.stringify(classifier.toJSON())));
    for (const text of ['quiero agendar una cita', 'kiero ablar con alguien', 'asdfgh']) {
      expect(loaded.rank(text)).toEqual(classifier.rank(text));
    }
  });

  it.each([
    ['not an object', 'hola'],
    ['of another kind', { format: 'something-else' }],
    ['of another version', { ...saved(), version: 999 }],
    ['missing its weights', { ...saved(), weights: undefined }],
    ['with weights of the wrong size', { ...saved(), weights: 'AAAAAA==' }],
    ['with a bias per label missing', { ...saved(), bias: [0.1] }],
    ['with broken base64', { ...saved(), idf: '%%%' }],
  ])('reports a model file that is %s as invalid_config', (_what, json) => {
    let error: unknown;
    try {
      loadIntentClassifier(json);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OrquestaError);
    expect((error as OrquestaError).code).toBe('invalid_config');
    expect((error as OrquestaError).message).toMatch(
      /^not a valid Orquesta intent model: .+ — retrain it from its examples$/,
    );
  });
});

function saved(): Record<string, unknown> {
  return classifier.toJSON() as Record<string, unknown>;
}
