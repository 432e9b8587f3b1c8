/**
 * How the knowledge index reads Spanish, the same way for documents and for customers' messages: chat
 * normalisation (no accents, abbreviations expanded), Orama's Spanish (and English) stop words, then Orama's Spanish
 * Snowball stemmer.
 */
import type { Tokenizer } from '@orama/orama';
import { stemmer } from '@orama/stemmers/spanish';
import { stopwords as englishStopWords } from '@orama/stopwords/english';
import { stopwords as spanishStopWords } from '@orama/stopwords/spanish';
import { chatTokens, normalizeText } from '../../nlu/normalize-text.ts';

/**
 * Words on Orama's list that carry the meaning of a business's answer ("abren los domingos", "3 días
 * hábiles", "auto a cuenta", "sin conexión"), so they stay searchable.
 */
const MEANINGFUL_WORDS = new Set([
  'dia',
  'dias',
  'horas',
  'hoy',
  'tarde',
  'temprano',
  'cuenta',
  'estado',
  'estados',
  'valor',
  'lugar',
  'cerca',
  'lejos',
  'sin',
  'mayor',
  'nuevo',
  'nueva',
  'primer',
  'primera',
  'primero',
  'ultimo',
  'final',
  'fin',
  'uso',
  'usar',
  'trabajo',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
]);

/**
 * English function words are left out too, so that a short English question is read by its content words
 * (which the query expansion maps to Spanish). "once" is eleven in Spanish.
 */
const STOP_WORDS = new Set(
  [...spanishStopWords, ...englishStopWords.filter((word) => word !== 'once')]
    .map((word) => normalizeText(word))
    .filter((word) => !MEANINGFUL_WORDS.has(word)),
);

/** The search terms of a text: its stems, stop words left out, in order, repeated as often as they occur. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of chatTokens(text)) {
    if (!/[\p{L}\p{N}]/u.test(token) || STOP_WORDS.has(token)) continue;
    terms.push(stem(token));
  }
  return terms;
}

/** Whether a normalised word is a stop word (for callers that work on words before stemming). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The Snowball stemmer expects accents, which chats leave out: "-cion"/"-sion" get theirs back so that
 * "instalacion" and "instalación" share the stem "instal", and the stem is then folded again.
 */
function stem(word: string): string {
  if (/^\d+$/.test(word)) return word;
  const accented = word.replace(/([cs]|x)ion(es)?$/, (_match, consonant: string, plural?: string) =>
    plural ? `${consonant}iones` : `${consonant}ión`,
  );
  return normalizeText(stemmer(accented));
}

/** An Orama tokenizer that applies `analyze`, for the index and the query alike. */
export function createSpanishTokenizer(): Tokenizer {
  return {
    language: 'spanish',
    normalizationCache: new Map(),
    tokenize: (raw) => [...new Set(analyze(raw))],
  };
}
