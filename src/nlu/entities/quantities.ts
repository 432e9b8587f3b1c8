/**
 * Finds the quantities of a message, in digits or in words, with their multipliers: "1.5", "50.000",
 * "$50,000" (the digits), "300 mil", "1,5 millones", "50k", "veintidós", "medio millón". The number,
 * money and duration extractors are built on it.
 */
import { foldedTokens } from './folded-text.ts';
import { NUMBER_WORDS, parseNumberWords, SCALE_WORDS } from './number-words.ts';

export interface Quantity {
  start: number;
  end: number;
  value: number;
  /** The quantity ends with a multiplier: "300 mil", "2 millones", "50k", "medio millón", "un millón y medio". */
  scaled: boolean;
  /** Written in digits rather than words. */
  digits: boolean;
  /** The digits as written, without multiplier ("50.000"). */
  literal?: string;
}

/**
 * The value of digits written with thousands separators or a decimal comma or point, Spanish first:
 * "50.000" and "50,000" → 50000, "1.5" and "1,5" → 1.5, "1.234,56" → 1234.56. A single separator followed
 * by exactly three digits separates thousands; otherwise it is the decimal mark.
 */
export function parseNumericLiteral(text: string): number | null {
  if (!/^\d+(?:[.,]\d+)*$/.test(text)) return null;
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  let normalized: string;
  if (dots > 0 && commas > 0) {
    const decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    if (text.split(decimal).length - 1 > 1) return null;
    normalized = text.split(thousands).join('').replace(decimal, '.');
  } else if (dots + commas === 0) {
    normalized = text;
  } else {
    const separator = dots > 0 ? '.' : ',';
    const groups = text.split(separator);
    const thousands =
      groups.length > 2 || (groups[1]?.length === 3 && (groups[0]?.length ?? 0) <= 3 && groups[0] !== '0');
    if (thousands && groups.slice(1).some((group) => group.length !== 3)) return null;
    normalized = thousands ? groups.join('') : groups.join('.');
  }
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

const LITERAL = /(?<![\p{L}\p{N}]|\d[.,])(\d+(?:[.,]\d+)*)(?:\s?(k))?(?![\p{L}\p{N}])/gu;
const WORD_GAP = /^[\s-]*$/u;

/** Scale words after digits: "300 mil", "2 millones", "1,5 millones de", "3 mil millones". */
function scaleAfter(words: { text: string; start: number; end: number }[], from: number) {
  let factor = 1;
  let end = -1;
  let index = from;
  let lastScale = 0;
  while (index < words.length) {
    const scale = SCALE_WORDS.get(words[index]?.text ?? '');
    if (scale === undefined || scale <= lastScale) break;
    factor *= scale;
    lastScale = scale;
    end = words[index]?.end ?? end;
    index += 1;
  }
  return { factor, end };
}

export function findQuantities(folded: string): Quantity[] {
  const tokens = foldedTokens(folded);
  const found: Quantity[] = [];
  const covered = new Set<number>();
  for (const match of folded.matchAll(LITERAL)) {
    const literal = match[1] ?? '';
    const base = parseNumericLiteral(literal);
    if (base === null) continue;
    const start = match.index;
    let end = start + match[0].length;
    let value = match[2] ? base * 1000 : base;
    let scaled = Boolean(match[2]);
    if (!scaled) {
      const next = tokens.findIndex((token) => token.start >= end);
      if (next >= 0 && WORD_GAP.test(folded.slice(end, tokens[next]?.start))) {
        const { factor, end: scaleEnd } = scaleAfter(tokens, next);
        if (factor > 1) {
          value = base * factor;
          end = scaleEnd;
          scaled = true;
        }
      }
    }
    found.push({ start, end, value, scaled, digits: true, literal });
    for (let offset = start; offset < end; offset += 1) covered.add(offset);
  }
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (
      !token ||
      covered.has(token.start) ||
      !(NUMBER_WORDS.has(token.text) || SCALE_WORDS.has(token.text) || token.text === 'medio')
    ) {
      index += 1;
      continue;
    }
    // words of one run, joined by spaces or hyphens only
    let runEnd = index + 1;
    while (runEnd < tokens.length) {
      const previous = tokens[runEnd - 1];
      const next = tokens[runEnd];
      if (!previous || !next || covered.has(next.start)) break;
      if (!WORD_GAP.test(folded.slice(previous.end, next.start))) break;
      runEnd += 1;
    }
    const words = tokens.slice(index, runEnd).map((word) => word.text);
    const parsed = parseNumberWords(words, 0);
    if (!parsed) {
      index += 1;
      continue;
    }
    const last = tokens[index + parsed.end - 1];
    const used = words.slice(0, parsed.end);
    if (used.length === 1 && used[0] === 'ciento') {
      index += 1; // "por ciento" is a percentage, not a hundred
      continue;
    }
    // "mil" alone has no multiplicand: "mil pesos" is money by its currency, "mil gracias" is not money
    const lone = used.length === 1 && used[0] === 'mil';
    const scaled =
      !lone &&
      (SCALE_WORDS.has(used.at(-1) ?? '') || (used.at(-2) === 'y' && SCALE_WORDS.has(used.at(-3) ?? '')));
    found.push({
      start: token.start,
      end: last?.end ?? token.end,
      value: parsed.value,
      scaled,
      digits: false,
    });
    index += parsed.end;
  }
  return found.sort((a, b) => a.start - b.start);
}
