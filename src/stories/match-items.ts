/**
 * Partial matching of API items against a story's `expect:`: every field written must be equal, fields
 * left out are ignored, nested objects are matched the same way and each expected list element needs a
 * different actual element.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Expectation } from './story-schema.ts';

/** Whether `actual` has every field of `expected`, recursively. */
export function matchesPartially(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && matchEach(actual, expected) !== undefined;
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => matchesPartially(record[key], value));
  }
  return isDeepStrictEqual(actual, expected);
}

/**
 * Pairs each expected item with a different actual item it matches (trying every assignment, so an
 * earlier loose item does not take the only match of a later strict one); undefined when impossible.
 */
function matchEach(actual: unknown[], expected: unknown[]): number[] | undefined {
  const assign = (index: number, used: Set<number>): number[] | undefined => {
    if (index === expected.length) return [];
    for (let candidate = 0; candidate < actual.length; candidate += 1) {
      if (used.has(candidate) || !matchesPartially(actual[candidate], expected[index])) continue;
      used.add(candidate);
      const rest = assign(index + 1, used);
      used.delete(candidate);
      if (rest) return [candidate, ...rest];
    }
    return undefined;
  };
  return assign(0, new Set());
}

/** What is wrong with a collection's items against an expectation, or null when they satisfy it. */
export function checkItems(items: unknown[], expectation: Expectation): string | null {
  const expected = Array.isArray(expectation) ? expectation : (expectation.items ?? []);
  if (!Array.isArray(expectation) && items.length !== expectation.count)
    return `expected ${expectation.count} item(s), got ${items.length}`;
  if (matchEach(items, expected) === undefined) return `expected items matching ${JSON.stringify(expected)}`;
  return null;
}
