/** The machinery of the time grammar: a rule is a regular expression over folded text and a builder. */
import { allMatches, wholeWords } from '../folded-text.ts';
import type { TimeAtom, TimeValue } from './time-value.ts';

export interface RuleContext {
  /** The current year, to read two-digit years. */
  year: number;
}

export interface Rule {
  name: string;
  pattern: RegExp;
  /** A cheap test the folded text must pass before the pattern is tried. */
  hint?: RegExp;
  build(
    groups: Record<string, string | undefined>,
    context: RuleContext,
    match: RegExpExecArray,
  ): Built | null;
}

export type Built = TimeValue | { value: TimeValue; weak: boolean };

/**
 * A rule whose `source` must match whole words of the folded text, and never the digits after a decimal
 * point or a colon ("37.1 por la mañana" has no "1 por la mañana").
 */
export function rule(name: string, source: string, build: Rule['build'], hint?: RegExp): Rule {
  return {
    name,
    pattern: new RegExp(`(?<!\\p{N}[.,:])${wholeWords(source)}`, 'gu'),
    build,
    ...(hint ? { hint } : {}),
  };
}

/** Every match of every rule, as atoms (they may overlap; the caller chooses). */
export function matchRules(rules: Rule[], folded: string, context: RuleContext): TimeAtom[] {
  const atoms: TimeAtom[] = [];
  for (const current of rules) {
    if (current.hint && !current.hint.test(folded)) continue;
    for (const match of allMatches(current.pattern, folded)) {
      if (match[0].length === 0) continue;
      const built = current.build(match.groups ?? {}, context, match);
      if (!built) continue;
      const { value, weak } =
        'weak' in built && 'value' in built ? built : { value: built as TimeValue, weak: false };
      atoms.push({
        start: match.index,
        end: match.index + match[0].length,
        value,
        ...(weak ? { weak } : {}),
      });
    }
  }
  return atoms;
}

/** Longest first, earlier rule first on ties; never two overlapping. */
export function chooseAtoms(atoms: TimeAtom[]): TimeAtom[] {
  const ordered = atoms
    .map((atom, order) => ({ atom, order }))
    .sort((a, b) => b.atom.end - b.atom.start - (a.atom.end - a.atom.start) || a.order - b.order);
  const chosen: TimeAtom[] = [];
  for (const { atom } of ordered) {
    if (chosen.some((other) => other.start < atom.end && atom.start < other.end)) continue;
    chosen.push(atom);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
