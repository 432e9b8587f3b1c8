/**
 * Numbers written in words, Spanish first and English: "veintidós", "mil doscientos", "medio millón",
 * "twenty-two". Works on folded words (lower case, no accents), as `foldedTokens` gives them.
 */

const SPANISH_UNITS = [
  'cero',
  'uno',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
  'nueve',
  'diez',
  'once',
  'doce',
  'trece',
  'catorce',
  'quince',
  'dieciseis',
  'diecisiete',
  'dieciocho',
  'diecinueve',
  'veinte',
  'veintiuno',
  'veintidos',
  'veintitres',
  'veinticuatro',
  'veinticinco',
  'veintiseis',
  'veintisiete',
  'veintiocho',
  'veintinueve',
];
const ENGLISH_UNITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const SPANISH_TENS = ['treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'];
const ENGLISH_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SPANISH_HUNDREDS = [
  'ciento',
  'doscientos',
  'trescientos',
  'cuatrocientos',
  'quinientos',
  'seiscientos',
  'setecientos',
  'ochocientos',
  'novecientos',
];

/** Words worth a number on their own (0–999 pieces). */
export const NUMBER_WORDS = new Map<string, number>();
SPANISH_UNITS.forEach((word, value) => NUMBER_WORDS.set(word, value));
ENGLISH_UNITS.forEach((word, value) => NUMBER_WORDS.set(word, value));
SPANISH_TENS.forEach((word, index) => NUMBER_WORDS.set(word, 30 + index * 10));
ENGLISH_TENS.forEach((word, index) => NUMBER_WORDS.set(word, 20 + index * 10));
SPANISH_HUNDREDS.forEach((word, index) => {
  NUMBER_WORDS.set(word, (index + 1) * 100);
  if (index > 0) NUMBER_WORDS.set(word.replace(/os$/, 'as'), (index + 1) * 100);
});
for (const [word, value] of [
  ['un', 1],
  ['una', 1],
  ['veintiun', 21],
  ['veintiuna', 21],
  ['cien', 100],
  ['setecientas', 700],
] as const) {
  NUMBER_WORDS.set(word, value);
}

/** Multipliers: "mil", "millones", "thousand". A Spanish billón is 10¹², an English billion 10⁹. */
export const SCALE_WORDS = new Map<string, number>([
  ['mil', 1e3],
  ['millon', 1e6],
  ['millones', 1e6],
  ['billon', 1e12],
  ['billones', 1e12],
  ['thousand', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['billion', 1e9],
  ['billions', 1e9],
]);

const HALF_WORDS = new Set(['medio', 'media']);
const CONNECTORS = new Set(['y', 'and']);

type Kind = 'none' | 'unit' | 'teen' | 'tens' | 'hundreds' | 'scale';

function kindOf(value: number): Kind {
  if (value < 10) return 'unit';
  if (value >= 100) return 'hundreds';
  return value % 10 === 0 && value !== 10 ? 'tens' : 'teen';
}

const FOLLOWS: Record<Kind, Kind[]> = {
  none: ['unit', 'teen', 'tens', 'hundreds'],
  unit: [],
  teen: [],
  tens: ['unit'],
  hundreds: ['unit', 'teen', 'tens'],
  scale: ['unit', 'teen', 'tens', 'hundreds'],
};

export interface WordNumber {
  value: number;
  /** Index just after the last word used. */
  end: number;
}

/**
 * Reads the longest well-formed number starting at `words[start]`: "dos mil veinte" → 2020,
 * "un millón y medio" → 1 500 000, "twenty two" → 22. Returns null when no number starts there.
 */
export function parseNumberWords(words: readonly string[], start: number): WordNumber | null {
  let total = 0;
  let current = 0;
  let largestScale = 0;
  let lastScale = 0;
  let kind: Kind = 'none';
  let end = start;
  let index = start;
  while (index < words.length) {
    const word = words[index] ?? '';
    const next = words[index + 1];
    if (CONNECTORS.has(word)) {
      // "treinta y uno", "un millón y medio", "one hundred and five"
      if (next !== undefined && kind === 'tens' && (NUMBER_WORDS.get(next) ?? 10) < 10) {
        index += 1;
        continue;
      }
      if (next !== undefined && kind === 'scale' && HALF_WORDS.has(next)) {
        total += lastScale / 2;
        end = index + 2;
        break;
      }
      if (next !== undefined && word === 'and' && (kind === 'scale' || kind === 'hundreds')) {
        index += 1;
        continue;
      }
      break;
    }
    if (HALF_WORDS.has(word) && kind === 'none' && next !== undefined && SCALE_WORDS.has(next)) {
      current = 0.5;
      kind = 'unit';
      index += 1;
      end = index;
      continue;
    }
    const value = NUMBER_WORDS.get(word);
    if (value !== undefined) {
      const wordKind = kindOf(value);
      if (!FOLLOWS[kind].includes(wordKind)) break;
      // Spanish joins tens and units with "y" ("treinta y uno"); English need not ("twenty one")
      if (kind === 'tens' && words[index - 1] !== 'y' && !ENGLISH_UNITS.includes(word)) break;
      if (value === 0 && kind !== 'none') break;
      current += value;
      kind = wordKind;
      index += 1;
      end = index;
      continue;
    }
    if (word === 'hundred' || word === 'hundreds') {
      if (kind !== 'unit' && kind !== 'teen' && kind !== 'none') break;
      current = (current || 1) * 100;
      kind = 'hundreds';
      index += 1;
      end = index;
      continue;
    }
    const scale = SCALE_WORDS.get(word);
    if (scale !== undefined) {
      if (kind === 'scale' && scale <= lastScale) break;
      if (kind === 'none' && scale !== 1e3) break; // "millones" alone is not a number; "mil" is
      const amount = kind === 'scale' ? 0 : current || 1; // "mil millones" multiplies what came before
      if (scale > largestScale) total = (total + amount) * scale;
      else total += amount * scale;
      largestScale = Math.max(largestScale, scale);
      lastScale = scale;
      current = 0;
      kind = 'scale';
      index += 1;
      end = index;
      continue;
    }
    break;
  }
  if (end === start) return null;
  return { value: total + current, end };
}

function spanishWordsFor(value: number): string[] {
  if (value < 30) {
    const word = SPANISH_UNITS[value] ?? '';
    if (value === 1) return [word, 'un', 'una'];
    if (value === 21) return [word, 'veintiun', 'veintiuna'];
    if (value >= 16 && value <= 19) return [word, `diez y ${SPANISH_UNITS[value - 10] ?? ''}`];
    return [word];
  }
  const tens = SPANISH_TENS[Math.floor(value / 10) - 3] ?? '';
  const unit = value % 10;
  if (unit === 0) return [tens];
  const units = unit === 1 ? ['uno', 'un', 'una'] : [SPANISH_UNITS[unit] ?? ''];
  return units.map((word) => `${tens} y ${word}`);
}

function englishWordsFor(value: number): string[] {
  if (value < 20) return [ENGLISH_UNITS[value] ?? ''];
  const tens = ENGLISH_TENS[Math.floor(value / 10) - 2] ?? '';
  const unit = value % 10;
  if (unit === 0) return [tens];
  return [`${tens} ${ENGLISH_UNITS[unit] ?? ''}`, `${tens}-${ENGLISH_UNITS[unit] ?? ''}`];
}

const SMALL_NUMBER_TEXT = new Map<string, number>();
for (let value = 0; value < 100; value += 1) {
  for (const word of [...spanishWordsFor(value), ...englishWordsFor(value)])
    SMALL_NUMBER_TEXT.set(word, value);
}

/** The value of a number from 0 to 99 written in words ("treinta y uno"), or undefined. */
export function smallNumberValue(text: string): number | undefined {
  return SMALL_NUMBER_TEXT.get(text.trim().replace(/\s+/g, ' '));
}

/**
 * A regular-expression source matching the numbers `min`…`max` (at most 99) written in words, longest
 * spelling first; `englishToo` adds the English spellings, `exclude` leaves words out ("un", "una").
 */
export function smallNumberSource(
  min: number,
  max: number,
  englishToo = true,
  exclude: string[] = [],
): string {
  const words: string[] = [];
  for (let value = min; value <= max; value += 1) {
    words.push(...spanishWordsFor(value));
    if (englishToo) words.push(...englishWordsFor(value));
  }
  return [...new Set(words)]
    .filter((word) => !exclude.includes(word))
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/ /g, '\\s+'))
    .join('|');
}
