import { describe, expect, it } from 'vitest';
import { createExampleMatcher } from './example-matcher.ts';
import type { TrainingExample } from './training-data.ts';

const examples: TrainingExample[] = [
  { text: 'hola', intent: 'saludo' },
  { text: 'buenos días', intent: 'saludo' },
  { text: 'buenas tardes', intent: 'saludo' },
  { text: 'chao', intent: 'despedida' },
  { text: 'hasta luego', intent: 'despedida' },
  { text: 'necesito ayuda', intent: 'ayuda' },
  { text: 'qué puedes hacer', intent: 'ayuda' },
];
const options = { now: new Date('2026-11-23T14:00:00.000Z'), timezone: 'America/Bogota' };
const matcher = createExampleMatcher(examples, 0.6);

describe('createExampleMatcher', () => {
  it('recognises an example exactly, with confidence 1, in the shape of Rasa’s /model/parse', async () => {
    expect(await matcher.parse('hola', options)).toEqual({
      text: 'hola',
      intent: { name: 'saludo', confidence: 1 },
      intent_ranking: [{ name: 'saludo', confidence: 1 }],
      entities: [],
    });
  });

  it('keeps the text as written while matching it normalised', async () => {
    const result = await matcher.parse('¡BUENOS DÍAS! 👋', options);
    expect(result.text).toBe('¡BUENOS DÍAS! 👋');
    expect(result.intent).toEqual({ name: 'saludo', confidence: 1 });
  });

  it('tolerates a one-letter typo in a word of four letters or more', async () => {
    expect((await matcher.parse('necesito ayyda', options)).intent).toEqual({ name: 'ayuda', confidence: 1 });
    expect((await matcher.parse('buenas tares', options)).intent).toEqual({ name: 'saludo', confidence: 1 });
    expect((await matcher.parse('holaa', options)).intent).toEqual({ name: 'saludo', confidence: 1 });
  });

  it('does not treat short words one letter apart as the same word', async () => {
    // "chau" is not "chao": words under four letters must match exactly.
    expect((await matcher.parse('cha', options)).intent.name).toBeNull();
  });

  it('scores an intent as its best example and ranks intents by score', async () => {
    const result = await matcher.parse('hola, necesito ayuda', options);
    expect(result.intent).toEqual({ name: 'ayuda', confidence: 0.8 });
    expect(result.intent_ranking).toEqual([
      { name: 'ayuda', confidence: 0.8 },
      { name: 'saludo', confidence: 0.5 },
    ]);
  });

  it('below the threshold gives a null intent with the best score, and keeps the ranking', async () => {
    const result = await matcher.parse('hola quiero una cita', options);
    expect(result.intent).toEqual({ name: null, confidence: 0.4 });
    expect(result.intent_ranking).toEqual([{ name: 'saludo', confidence: 0.4 }]);
  });

  it('orders intents with the same score by name, so results are stable', async () => {
    const result = await matcher.parse('hola chao', options);
    expect(result.intent_ranking).toEqual([
      { name: 'despedida', confidence: 0.667 },
      { name: 'saludo', confidence: 0.667 },
    ]);
    expect(result.intent.name).toBe('despedida');
  });

  it('respects the threshold it was given', async () => {
    const strict = createExampleMatcher(examples, 0.9);
    expect((await strict.parse('hola, necesito ayuda', options)).intent).toEqual({
      name: null,
      confidence: 0.8,
    });
    const lenient = createExampleMatcher(examples, 0.3);
    expect((await lenient.parse('hola quiero una cita', options)).intent.name).toBe('saludo');
  });

  it('gives a null intent and an empty ranking for text it cannot read at all', async () => {
    for (const text of ['', '👋', 'quiero comprar un carro rojo']) {
      const result = await matcher.parse(text, options);
      expect(result.intent).toEqual({ name: null, confidence: 0 });
      expect(result.intent_ranking).toEqual([]);
      expect(result.entities).toEqual([]);
    }
  });

  it('lists at most ten intents', async () => {
    const many = Array.from({ length: 15 }, (_, index) => ({
      text: `palabra${index} comun`,
      intent: `i${index}`,
    }));
    const result = await createExampleMatcher(many, 0.6).parse('comun', options);
    expect(result.intent_ranking).toHaveLength(10);
  });

  it('knows nothing without examples', async () => {
    const result = await createExampleMatcher([], 0.6).parse('hola', options);
    expect(result.intent).toEqual({ name: null, confidence: 0 });
    expect(result.intent_ranking).toEqual([]);
  });
});
