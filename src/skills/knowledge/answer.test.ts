import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerFromHits, citeSource } from './answer.ts';
import { loadKnowledgeBase } from './knowledge-base.ts';

const demoFolder = (tenant: string) =>
  fileURLToPath(new URL(`../../../examples/demo/${tenant}/conocimiento`, import.meta.url));

describe('the answer of a knowledge base', () => {
  it('is the best passage trimmed at a sentence end to at most 700 characters, naming its document', async () => {
    const base = await loadKnowledgeBase(demoFolder('isp'));
    const answer = await base.answer('el internet esta lentisimo q hago');
    if (!answer.found) throw new Error('expected an answer');
    expect(answer.source).toEqual({ document: 'internet-lento.md', title: 'Internet lento', heading: null });
    expect(citeSource(answer.source)).toBe('Internet lento (internet-lento.md)');
    expect(answer.text.length).toBeLessThanOrEqual(700);
    expect(answer.truncated).toBe(true);
    expect(answer.text).toMatch(/^Si tu internet está lento, revisa en este orden:/);
    expect(answer.text).toMatch(/al mismo tiempo\.$/);
  });

  it('starts a FAQ answer with its question and cites it', async () => {
    const base = await loadKnowledgeBase(demoFolder('clinica'));
    const answer = await base.answer('la depilacion laser duele?');
    if (!answer.found) throw new Error('expected an answer');
    expect(answer.text).toBe(
      '*¿Duele?*\nSe siente como un leve pellizco o calor; usamos enfriamiento por contacto para que sea tolerable.',
    );
    expect(answer.truncated).toBe(false);
    expect(citeSource(answer.source)).toBe(
      'Depilación láser: preguntas frecuentes › ¿Duele? (depilacion-laser.md)',
    );
  });

  it('joins the passages of the same document that answer as fully, in document order', async () => {
    const base = await loadKnowledgeBase(demoFolder('autos'));
    const answer = await base.answer('donde estan sus sucursales');
    if (!answer.found) throw new Error('expected an answer');
    expect(answer.sources.map((source) => source.heading)).toEqual([null, 'Ciudad de México', 'Puebla']);
    for (const branch of ['San Pedro Garza García', 'Zapopan', 'Santa Fe', 'Coyoacán', 'Angelópolis']) {
      expect(answer.text).toContain(branch);
    }
    expect(answer.text.length).toBeLessThanOrEqual(700);
  });

  it('is no answer when nothing is relevant', async () => {
    const base = await loadKnowledgeBase(demoFolder('autos'));
    expect(await base.answer('quien gano el partido ayer')).toEqual({ found: false });
    expect(answerFromHits([])).toEqual({ found: false });
  });

  it('honours a shorter length', async () => {
    const base = await loadKnowledgeBase(demoFolder('clinica'));
    const answer = await base.answer('donde quedan', { maxLength: 200 });
    if (!answer.found) throw new Error('expected an answer');
    expect(answer.text).toBe(
      'Clínica Bella Piel está en la Calle 93 # 13-45, consultorio 302, barrio Chicó, Bogotá. Hay parqueadero gratuito para pacientes en el sótano del edificio.',
    );
  });
});
