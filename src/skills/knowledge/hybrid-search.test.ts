import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-documents.ts';
import { createKnowledgeIndex, isCandidate, MIN_SIMILARITY } from './knowledge-index.ts';

const HOURS = chunkDocument({
  name: 'horarios.md',
  content: '# Horarios\n\nAtendemos de lunes a viernes de 8:00 a 18:00 y los sábados de 9:00 a 13:00.',
});
const PETS = chunkDocument({
  name: 'mascotas.md',
  content: '# Mascotas\n\nSe admiten animales de compañía pequeños en la sala de espera, con correa.',
});
const PARKING = chunkDocument({
  name: 'parqueadero.md',
  content: '# Parqueadero\n\nHay parqueadero gratuito en el sótano del edificio para los pacientes.',
});
const chunks = [...HOURS, ...PETS, ...PARKING];

/** Hand-made embeddings: one axis per topic, as an embedding model places texts by meaning. */
const vectors = new Map([
  ['horarios.md#1', [1, 0, 0]],
  ['mascotas.md#1', [0, 1, 0]],
  ['parqueadero.md#1', [0, 0, 1]],
]);
/** "¿Puedo ir con mi perro?" speaks of pets without any word of the pets passage. */
const DOG_QUESTION = 'puedo ir con mi perro?';
const DOG_VECTOR = [0.1, 0.95, 0.1];

describe('hybrid knowledge search', () => {
  it('finds by meaning a passage that shares no word with the question', async () => {
    const lexical = await createKnowledgeIndex(chunks);
    const hybrid = await createKnowledgeIndex(chunks, { vectors });
    expect(lexical.dimensions).toBeNull();
    expect(hybrid.dimensions).toBe(3);

    expect((await lexical.search(DOG_QUESTION)).filter(isCandidate)).toEqual([]);
    const [best] = await hybrid.search(DOG_QUESTION, { vector: DOG_VECTOR });
    expect(best?.chunk.document).toBe('mascotas.md');
    expect(best?.relevant).toBe(false);
    expect(best?.similarity).toBeGreaterThan(0.9);
    expect(best && isCandidate(best)).toBe(true);
  });

  it('keeps the lexical verdict and ranks by words and meaning together', async () => {
    const hybrid = await createKnowledgeIndex(chunks, { vectors });
    const hits = await hybrid.search('abren los sabados?', { vector: [0.9, 0.1, 0.3], limit: 5 });
    expect(hits[0]?.chunk.document).toBe('horarios.md');
    expect(hits[0]?.relevant).toBe(true);
    expect(hits.filter(isCandidate).map((hit) => hit.chunk.document)).toEqual(['horarios.md']);
    for (const hit of hits) expect(hit.similarity).not.toBeNull();
    // Parking is 0.31 from the question: below the floor, and without a word of it, it is not a hit.
    expect(hits.map((hit) => hit.chunk.document)).not.toContain('parqueadero.md');
    expect(0.3 / Math.hypot(0.9, 0.1, 0.3)).toBeLessThan(MIN_SIMILARITY);
  });

  it('searches words only without a question vector, or with one of another size', async () => {
    const hybrid = await createKnowledgeIndex(chunks, { vectors });
    const lexical = await createKnowledgeIndex(chunks);
    const question = 'tienen parqueadero?';
    const expected = await lexical.search(question);
    expect(await hybrid.search(question)).toEqual(expected);
    expect(await hybrid.search(question, { vector: [1, 0] })).toEqual(expected);
    expect(expected[0]).toMatchObject({ relevant: true, similarity: null });
  });

  it('tells a question with words to search from one without (whose embedding would be wasted)', async () => {
    const hybrid = await createKnowledgeIndex(chunks, { vectors });
    expect(hybrid.searchable('hola, muchas gracias')).toBe(false);
    expect(hybrid.searchable(DOG_QUESTION)).toBe(true);
    expect((await createKnowledgeIndex([])).searchable(DOG_QUESTION)).toBe(false);
  });
});
