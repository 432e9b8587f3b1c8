/**
 * Text folded for matching (lower case, accents and diaeresis removed, ñ → n) with the SAME length as
 * the original, so a match's offsets in the folded text are its offsets in the message.
 */
export function foldText(text: string): string {
  let folded = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char.charCodeAt(0) < 128) {
      folded += char.toLowerCase();
      continue;
    }
    const plain = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (plain.length === 1) folded += plain;
    else {
      const lower = char.toLowerCase();
      folded += lower.length === 1 ? lower : char;
    }
  }
  return folded;
}

export interface Token {
  /** The folded token. */
  text: string;
  start: number;
  end: number;
}

/** Words and numbers of the folded text with their offsets (letters and digits; "2do" is one token). */
export function foldedTokens(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Matches of `pattern` (compiled with the g flag) over `text`, as in String.prototype.matchAll. */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    matches.push(match);
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
  return matches;
}

/** Wraps a regular-expression source so it matches only whole words (never inside a word or number). */
export function wholeWords(source: string): string {
  return `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`;
}
