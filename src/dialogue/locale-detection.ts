/**
 * Which language a customer writes in, from the function words of the message: Spanish and English
 * stopwords (Orama's lists) plus a few conversational words, counting only words of one language.
 */
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as spanishStopwords } from '@orama/stopwords/spanish';
import type { Locale } from '../skills/skill.ts';
import { normalizeText, tokenize } from '../nlu/normalize-text.ts';

const SPANISH_EXTRA = [
  'hola',
  'gracias',
  'quiero',
  'necesito',
  'quisiera',
  'favor',
  'si',
  'tienen',
  'cuanto',
];
const ENGLISH_EXTRA = ['hi', 'hello', 'hey', 'thanks', 'thank', 'please', 'want', 'need', 'yes', 'much'];

function wordSet(words: readonly string[]): Set<string> {
  // Single letters ("a", "y", "o") say little; "i" is English only.
  return new Set(words.map(normalizeText).filter((word) => word.length > 1 || word === 'i'));
}

const spanish = wordSet([...spanishStopwords, ...SPANISH_EXTRA]);
const english = wordSet([...englishStopwords, ...ENGLISH_EXTRA]);
spanish.delete('i');
for (const word of [...spanish]) {
  if (english.has(word)) {
    spanish.delete(word);
    english.delete(word);
  }
}

/** Words of one language beyond the other's needed to switch languages for good. */
export const STRONG_EVIDENCE = 2;

export interface LocaleGuess {
  locale: Locale;
  /** How many more words of `locale` than of the other language the message has. */
  evidence: number;
}

/** The language with more of its function words in the text, or null when they tie (also "ok", "2"). */
export function guessLocale(text: string): LocaleGuess | null {
  let score = 0;
  for (const word of tokenize(text)) {
    if (spanish.has(word)) score -= 1;
    else if (english.has(word)) score += 1;
  }
  if (score === 0) return null;
  return score > 0 ? { locale: 'en', evidence: score } : { locale: 'es', evidence: -score };
}

/**
 * The locale of a turn's replies, and the one to remember for the conversation. A message with strong
 * evidence ("I want an appointment") sets the conversation's locale; weaker evidence ("hi") answers
 * that one message in its language when the conversation has none yet; otherwise the conversation's
 * locale, or the tenant's.
 */
export function chooseLocale(
  text: string,
  remembered: Locale | undefined,
  tenantLocale: Locale,
): { locale: Locale; remember: Locale | undefined } {
  const guess = guessLocale(text);
  if (guess && guess.evidence >= STRONG_EVIDENCE) return { locale: guess.locale, remember: guess.locale };
  if (remembered) return { locale: remembered, remember: remembered };
  return { locale: guess?.locale ?? tenantLocale, remember: undefined };
}
