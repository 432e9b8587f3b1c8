import { describe, expect, it } from 'vitest';
import { CHAT_ABBREVIATIONS, chatTokens, normalizeText, tokenize } from './normalize-text.ts';

describe('normalizeText', () => {
  it('lowers the case', () => {
    expect(normalizeText('HOLA Buenas')).toBe('hola buenas');
  });

  it('removes accents and diaeresis, and folds ñ to n', () => {
    expect(normalizeText('Buenos días, ¿cómo estás?')).toBe('buenos dias como estas');
    expect(normalizeText('ÁÉÍÓÚ pingüino')).toBe('aeiou pinguino');
    expect(normalizeText('Cita para mañana')).toBe('cita para manana');
  });

  it('drops emoji and punctuation, including Spanish opening marks', () => {
    expect(normalizeText('¡Hola! 👋😀')).toBe('hola');
    expect(normalizeText('¿Qué tal?')).toBe('que tal');
    expect(normalizeText('❤️')).toBe('');
    expect(normalizeText('hola,cómo estás')).toBe('hola como estas');
  });

  it('shortens elongations of three or more letters', () => {
    expect(normalizeText('holaaa')).toBe('hola');
    expect(normalizeText('HOLAAAA!!!')).toBe('hola');
    expect(normalizeText('nooo, graciaaas')).toBe('no gracias');
    expect(normalizeText('siiii')).toBe('si');
  });

  it('keeps the double letters Spanish spells with', () => {
    expect(normalizeText('llamar al carro')).toBe('llamar al carro');
    expect(normalizeText('leer la acción')).toBe('leer la accion');
  });

  it('keeps digits as they are, repeated or not', () => {
    expect(normalizeText('precio 1000000 o 4444')).toBe('precio 1000000 o 4444');
    expect(normalizeText('a las 3pm')).toBe('a las 3pm');
  });

  it('collapses and trims whitespace of every kind', () => {
    expect(normalizeText('  hola \t\n  buenas  ')).toBe('hola buenas');
  });

  it('gives the empty string for empty or symbol-only input', () => {
    expect(normalizeText('')).toBe('');
    expect(normalizeText('?!... 🙏')).toBe('');
  });
});

describe('tokenize', () => {
  it('splits the normalised text on spaces', () => {
    expect(tokenize('¡Hola, buenos días!')).toEqual(['hola', 'buenos', 'dias']);
  });

  it('gives no tokens for text with nothing to read', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('👋 !!')).toEqual([]);
  });
});

describe('chatTokens', () => {
  it('reads like tokenize when there is nothing to expand', () => {
    expect(chatTokens('¡Hola, buenos días!')).toEqual(['hola', 'buenos', 'dias']);
    expect(chatTokens('QUIERO una CITA')).toEqual(['quiero', 'una', 'cita']);
    expect(chatTokens('holaaaa')).toEqual(['hola']);
  });

  it('expands chat abbreviations into the words they stand for', () => {
    expect(chatTokens('q tal, porfa')).toEqual(['que', 'tal', 'por', 'favor']);
    expect(chatTokens('xq no me contestan?')).toEqual(['porque', 'no', 'me', 'contestan']);
    expect(chatTokens('Pq? tb quiero info')).toEqual(['porque', 'tambien', 'quiero', 'informacion']);
    expect(chatTokens('thx')).toEqual(['thanks']);
  });

  it('only expands whole words', () => {
    expect(chatTokens('quiero que me llamen')).toEqual(['quiero', 'que', 'me', 'llamen']);
    expect(chatTokens('taxi')).toEqual(['taxi']);
  });

  it('keeps each emoji as a token, without skin tones or variation selectors', () => {
    expect(chatTokens('hola👋🏽')).toEqual(['hola', '👋']);
    expect(chatTokens('👍👍 gracias ❤️')).toEqual(['👍', '👍', 'gracias', '❤']);
  });

  it('gives no tokens for empty or punctuation-only text', () => {
    expect(chatTokens('')).toEqual([]);
    expect(chatTokens(' ¿?!... ')).toEqual([]);
  });

  it('lists abbreviations in the form normalizeText leaves words in', () => {
    for (const [abbreviation, expansion] of Object.entries(CHAT_ABBREVIATIONS)) {
      expect(normalizeText(abbreviation)).toBe(abbreviation);
      expect(normalizeText(expansion)).toBe(expansion);
    }
  });
});
