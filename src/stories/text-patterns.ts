/** Reply patterns: substrings matched without regard to case or accents ("Mañana" matches "manana"). */

/** Lowercase, without diacritics, with runs of whitespace as one space. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A pattern or list of patterns, as a list. */
export function patternList(patterns: string | string[] | undefined): string[] {
  if (patterns === undefined) return [];
  return typeof patterns === 'string' ? [patterns] : patterns;
}

/** The patterns that do not appear in `text`. */
export function missingPatterns(text: string, patterns: string[]): string[] {
  const folded = foldText(text);
  return patterns.filter((pattern) => !folded.includes(foldText(pattern)));
}

/** The patterns that appear in `text`. */
export function presentPatterns(text: string, patterns: string[]): string[] {
  const folded = foldText(text);
  return patterns.filter((pattern) => folded.includes(foldText(pattern)));
}
