import { describe, expect, it } from 'vitest';
import { chooseLocale, guessLocale } from './locale-detection.ts';

describe('guessLocale', () => {
  it('recognises English and Spanish sentences by their function words', () => {
    expect(guessLocale('I want to book an appointment for tomorrow')).toMatchObject({ locale: 'en' });
    expect(guessLocale('Do you have a Mazda 3?')).toMatchObject({ locale: 'en' });
    expect(guessLocale('quiero una cita para mañana')).toMatchObject({ locale: 'es' });
    expect(guessLocale('tienen el mazda 3?')).toMatchObject({ locale: 'es' });
  });

  it('has no opinion on messages without words of either language', () => {
    for (const text of ['ok', '2', 'no', 'Mazda CX-5', '👍']) expect(guessLocale(text), text).toBeNull();
  });
});

describe('chooseLocale', () => {
  it('remembers a language given with enough evidence, even over an earlier one', () => {
    expect(chooseLocale('I want an appointment', undefined, 'es')).toEqual({ locale: 'en', remember: 'en' });
    expect(chooseLocale('quiero una cita para mañana', 'en', 'es')).toEqual({ locale: 'es', remember: 'es' });
  });

  it('keeps the conversation’s language for short or ambiguous answers', () => {
    expect(chooseLocale('2', 'en', 'es')).toEqual({ locale: 'en', remember: 'en' });
    expect(chooseLocale('hola', 'en', 'es')).toEqual({ locale: 'en', remember: 'en' });
  });

  it('answers a weak hint in its language without remembering it, else the tenant’s language', () => {
    expect(chooseLocale('hi', undefined, 'es')).toEqual({ locale: 'en', remember: undefined });
    expect(chooseLocale('ok', undefined, 'es')).toEqual({ locale: 'es', remember: undefined });
    expect(chooseLocale('ok', undefined, 'en')).toEqual({ locale: 'en', remember: undefined });
  });
});
