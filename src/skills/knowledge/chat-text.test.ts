import { describe, expect, it } from 'vitest';
import { markdownToChatText, trimToSentences } from './chat-text.ts';

describe('markdownToChatText', () => {
  it('writes bold, lists, tables, links and headings the way chats show them', () => {
    const markdown = [
      '## Planes',
      '| Plan | Precio |',
      '|---|---|',
      '| Nova 300 | $75.000 |',
      '',
      '- **Sin permanencia**: cancela cuando quieras.',
      'Paga en [la web](https://rednova.co/pagos) con `PSE`.',
    ].join('\n');
    expect(markdownToChatText(markdown)).toBe(
      [
        '*Planes*',
        'Plan · Precio',
        'Nova 300 · $75.000',
        '',
        '• *Sin permanencia*: cancela cuando quieras.',
        'Paga en la web (https://rednova.co/pagos) con PSE.',
      ].join('\n'),
    );
  });
});

describe('trimToSentences', () => {
  it('leaves a text that fits as it is', () => {
    expect(trimToSentences('Abrimos a las 8. Cerramos a las 6.', 100)).toBe(
      'Abrimos a las 8. Cerramos a las 6.',
    );
  });

  it('cuts after the last whole sentence that fits, keeping abbreviations inside sentences', () => {
    const text =
      'Atendemos de 8:00 a.m. a 6:00 p.m. de lunes a viernes. Los sábados de 9 a 1. Domingos cerrado.';
    expect(trimToSentences(text, 80)).toBe(
      'Atendemos de 8:00 a.m. a 6:00 p.m. de lunes a viernes. Los sábados de 9 a 1.',
    );
  });

  it('cuts lists after a whole item, without leaving the next item’s number alone', () => {
    const text =
      'Revisa en orden:\n\n1. Reinicia el módem.\n2. Acerca el equipo.\n3. Llama a soporte técnico.';
    expect(trimToSentences(text, 60)).toBe('Revisa en orden:\n\n1. Reinicia el módem.\n2. Acerca el equipo.');
  });

  it('cuts a first sentence longer than the limit after a word, with an ellipsis', () => {
    const result = trimToSentences('una frase muy larga sin ningún punto que la termine a tiempo', 30);
    expect(result).toBe('una frase muy larga sin…');
    expect(result.length).toBeLessThanOrEqual(30);
  });
});
