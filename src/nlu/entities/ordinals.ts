/** The `ordinal` entity: "el segundo" → 2, "tercero", "el último" → −1, "2do", "1°", "3rd". */
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import { allMatches, wholeWords } from './folded-text.ts';

const SPANISH_ORDINALS: [string, number][] = [
  ['primer', 1],
  ['segund', 2],
  ['tercer', 3],
  ['cuart', 4],
  ['quint', 5],
  ['sext', 6],
  ['septim', 7],
  ['setim', 7],
  ['octav', 8],
  ['noven', 9],
  ['decim', 10],
  ['undecim', 11],
  ['duodecim', 12],
  ['vigesim', 20],
  ['trigesim', 30],
  ['ultim', -1],
  ['penultim', -2],
  ['antepenultim', -3],
];
const ENGLISH_ORDINALS: [string, number][] = [
  ['first', 1],
  ['second', 2],
  ['third', 3],
  ['fourth', 4],
  ['fifth', 5],
  ['sixth', 6],
  ['seventh', 7],
  ['eighth', 8],
  ['ninth', 9],
  ['tenth', 10],
  ['eleventh', 11],
  ['twelfth', 12],
  ['twentieth', 20],
  ['thirtieth', 30],
  ['last', -1],
];

/** Folded ordinal word → value ("primero", "primera", "primer", "tercer" …). */
export const ORDINAL_WORDS = new Map<string, number>();
for (const [stem, value] of SPANISH_ORDINALS) {
  for (const ending of ['o', 'a', 'os', 'as']) ORDINAL_WORDS.set(stem + ending, value);
}
ORDINAL_WORDS.set('primer', 1);
ORDINAL_WORDS.set('tercer', 3);
for (const [word, value] of ENGLISH_ORDINALS) ORDINAL_WORDS.set(word, value);

const UNITS_BY_STEM = SPANISH_ORDINALS.filter(([, value]) => value > 0 && value < 10);

/** "decimo primero" → 11, "vigesimo tercer" → 23. */
function compoundOrdinal(first: string, second: string): number | undefined {
  const tens = ORDINAL_WORDS.get(first);
  if (tens === undefined || ![10, 20, 30].includes(tens)) return undefined;
  const unit = UNITS_BY_STEM.find(([stem]) => second.startsWith(stem) && second.length - stem.length <= 2);
  const unitValue = unit ? ORDINAL_WORDS.get(second) : undefined;
  return unitValue === undefined ? undefined : tens + unitValue;
}

/** Ordinal written with digits: "1ro", "2da", "3er", "4to", "1°", "1.º", "21st". */
export const NUMERIC_ORDINAL_SOURCE =
  '(\\d{1,3})(?:ro|ra|er|do|da|to|ta|vo|va|mo|ma|no|na|st|nd|rd|th|\\.?[°ºª])';

// Words that are ordinals only after an article: "el cuarto" (4th) but "un cuarto" (a room, a quarter).
const NEEDS_ARTICLE = new Set(['cuarto', 'cuarta', 'segundos', 'second']);
const ARTICLE_BEFORE = /(?:^|[^\p{L}])(?:el|la|los|las|lo|al|del|the)\s+$/u;

const WORD_PATTERN = new RegExp(
  wholeWords(
    `(${[...ORDINAL_WORDS.keys()].sort((a, b) => b.length - a.length).join('|')})(?:\\s+(${[...ORDINAL_WORDS.keys()].join('|')}))?`,
  ),
  'gu',
);
const NUMERIC_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}.,])${NUMERIC_ORDINAL_SOURCE}(?![\\p{L}\\p{N}])`, 'gu');

export function extractOrdinals(folded: string): Entity[] {
  const found: Entity[] = [];
  for (const match of allMatches(WORD_PATTERN, folded)) {
    const word = match[1] ?? '';
    const compound = match[2] ? compoundOrdinal(word, match[2]) : undefined;
    const end = compound === undefined ? match.index + word.length : match.index + match[0].length;
    if (
      compound === undefined &&
      NEEDS_ARTICLE.has(word) &&
      !ARTICLE_BEFORE.test(folded.slice(0, match.index))
    ) {
      continue;
    }
    found.push(entityAt('ordinal', match.index, end, compound ?? ORDINAL_WORDS.get(word)));
  }
  for (const match of allMatches(NUMERIC_PATTERN, folded)) {
    const value = Number(match[1]);
    if (value > 0) found.push(entityAt('ordinal', match.index, match.index + match[0].length, value));
  }
  return found;
}
