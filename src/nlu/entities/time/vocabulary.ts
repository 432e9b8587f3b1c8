/**
 * The words of dates and times, folded (lower case, no accents), Spanish first and English, and the
 * regular-expression pieces the time grammar is composed from.
 */
import { parseNumberWords, smallNumberSource, smallNumberValue } from '../number-words.ts';
import { ORDINAL_WORDS } from '../ordinals.ts';

const MONTH_NAMES: [number, string[]][] = [
  [1, ['enero', 'january']],
  [2, ['febrero', 'february']],
  [3, ['marzo', 'march']],
  [4, ['abril', 'april']],
  [5, ['mayo', 'may']],
  [6, ['junio', 'june']],
  [7, ['julio', 'july']],
  [8, ['agosto', 'august']],
  [9, ['septiembre', 'setiembre', 'september']],
  [10, ['octubre', 'october']],
  [11, ['noviembre', 'november']],
  [12, ['diciembre', 'december']],
];
const MONTH_ABBREVIATIONS: [number, string[]][] = [
  [1, ['ene', 'jan']],
  [2, ['feb']],
  [3, ['mar']],
  [4, ['abr', 'apr']],
  [5, ['may']],
  [6, ['jun']],
  [7, ['jul']],
  [8, ['ago', 'aug']],
  [9, ['sept', 'sep', 'set']],
  [10, ['oct']],
  [11, ['nov']],
  [12, ['dic', 'dec']],
];
const WEEKDAY_NAMES: [number, string[]][] = [
  [1, ['lunes', 'monday']],
  [2, ['martes', 'tuesday']],
  [3, ['miercoles', 'wednesday']],
  [4, ['jueves', 'thursday']],
  [5, ['viernes', 'friday']],
  [6, ['sabado', 'saturday']],
  [7, ['domingo', 'sunday']],
];
const WEEKDAY_ABBREVIATIONS: [number, string[]][] = [
  [1, ['lun', 'mon']],
  [2, ['mar', 'tue', 'tues']],
  [3, ['mierc', 'mie', 'wed']],
  [4, ['juev', 'jue', 'thu', 'thur', 'thurs']],
  [5, ['vier', 'vie', 'fri']],
  [6, ['sab', 'sat']],
  [7, ['dom', 'sun']],
];

function alternation(table: [number, string[]][]): string {
  return table
    .flatMap(([, words]) => words)
    .sort((a, b) => b.length - a.length)
    .join('|');
}

function lookup(table: [number, string[]][], word: string): number | undefined {
  return table.find(([, words]) => words.includes(word))?.[0];
}

/** Full month names. */
export const MONTH_NAME = alternation(MONTH_NAMES);
/** Full month names or abbreviations ("dic", "sept."), for use next to a day or a year. */
export const MONTH = `(?:${MONTH_NAME}|(?:${alternation(MONTH_ABBREVIATIONS)})\\.?)`;
export const WEEKDAY_NAME = alternation(WEEKDAY_NAMES);
/** A weekday, abbreviated only with a point or before a day number ("miérc.", "jue 15"). */
export const WEEKDAY = `(?:${WEEKDAY_NAME}|(?:${alternation(WEEKDAY_ABBREVIATIONS)})(?:\\.|(?=\\s+\\d)))`;

export function monthNumber(word: string): number | undefined {
  const plain = word.replace(/\.$/, '');
  return lookup(MONTH_NAMES, plain) ?? lookup(MONTH_ABBREVIATIONS, plain);
}

export function weekdayNumber(word: string): number | undefined {
  const plain = word.replace(/\.$/, '');
  return lookup(WEEKDAY_NAMES, plain) ?? lookup(WEEKDAY_ABBREVIATIONS, plain);
}

const DAY_SUFFIX = '(?:ro|ra|er|do|da|to|vo|mo|no|st|nd|rd|th|\\.?[°ºª])';
const DAY_ORDINALS = [...ORDINAL_WORDS.entries()]
  .filter(([word, value]) => value >= 1 && value <= 31 && /(?:o|r)$/.test(word) && word !== 'cuarto')
  .map(([word]) => word)
  .sort((a, b) => b.length - a.length)
  .join('|');
/** A day of the month: "2", "02", "1ro", "1.º", "21st", "primero", "segundo", "veintidós", "trigésimo primero". */
export const DAY = `(?:(?:3[01]|[12]\\d|0?[1-9])${DAY_SUFFIX}?|(?:trigesimo|vigesimo|decimo)\\s+(?:primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|septimo|octavo|noveno)|${DAY_ORDINALS}|${smallNumberSource(1, 31, true, ['un', 'una'])})`;

export function dayNumber(text: string): number | undefined {
  const digits = /^(\d{1,2})/.exec(text);
  const words = text.split(/\s+/);
  const [tens, unit] = words.map((word) => ORDINAL_WORDS.get(word));
  const compound = words.length === 2 && tens !== undefined && unit !== undefined ? tens + unit : undefined;
  const value = digits ? Number(digits[1]) : (compound ?? ORDINAL_WORDS.get(text) ?? smallNumberValue(text));
  return value !== undefined && value >= 1 && value <= 31 ? value : undefined;
}

/** A day of the month in digits only. */
export const DAY_DIGITS = `(?:3[01]|[12]\\d|0?[1-9])${DAY_SUFFIX}?`;

/** A month as a number: "12", "05". */
export const MONTH_DIGITS = '(?:1[0-2]|0?[1-9])';

/** A year in digits (four, or two after an apostrophe) or in words ("dos mil dieciocho"). */
export const YEAR = `(?:(?:1[89]|2[01])\\d\\d|'\\d\\d|(?:dos\\s+mil|mil\\s+novecientos|mil\\s+ochocientos)(?:\\s+(?:${smallNumberSource(1, 99, false)}))?)`;
/** A year where a year is expected ("de 1995", "del 87"): two digits are accepted too. */
export const YEAR_AFTER_DATE = `(?:${YEAR}|\\d\\d)`;

/** The year written, with two-digit years read in the century that keeps them within 50 years of now. */
export function yearNumber(text: string, currentYear: number): number | undefined {
  const digits = /^'?(\d{2}|\d{4})$/.exec(text.trim());
  if (digits) {
    const value = Number(digits[1]);
    if ((digits[1] ?? '').length === 4) return value;
    const century = Math.floor(currentYear / 100) * 100;
    const candidate = century + value;
    return candidate > currentYear + 50 ? candidate - 100 : candidate;
  }
  const parsed = parseNumberWords(text.trim().split(/\s+/), 0);
  return parsed && parsed.value >= 1000 ? parsed.value : undefined;
}

/** Hours in words, "una" to "veinticuatro". */
export const HOUR_WORDS = smallNumberSource(1, 24);
/** Minutes in words, "uno" to "cincuenta y nueve". */
export const MINUTE_WORDS = smallNumberSource(1, 59);

export function numberValue(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  return smallNumberValue(text);
}

export type PartOfDay = 'madrugada' | 'morning' | 'afternoon' | 'night';

/**
 * Hours covered by each part of the day, [from, to): business conventions for bookings, close to
 * Duckling's ("en la tarde" is 12:00–19:00, "en la noche" 19:00–24:00).
 */
export const PART_OF_DAY_HOURS: Record<PartOfDay, [number, number]> = {
  madrugada: [0, 6],
  morning: [6, 12],
  afternoon: [12, 19],
  night: [19, 24],
};

const PART_WORDS: Record<string, PartOfDay> = {
  madrugada: 'madrugada',
  manana: 'morning',
  morning: 'morning',
  tarde: 'afternoon',
  afternoon: 'afternoon',
  noche: 'night',
  evening: 'night',
  night: 'night',
};

export function partOfDay(word: string): PartOfDay | undefined {
  return PART_WORDS[word];
}
