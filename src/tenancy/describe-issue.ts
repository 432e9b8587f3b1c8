/**
 * Zod's issues about a configuration, rewritten as the lines users read: `path: what is wrong — how to
 * fix`, naming the expected kind of value but never echoing a value that might be a secret.
 */
import type { z } from 'zod';
import { configSchema, connectionSchema, nluSchema, tenantSchema } from './config-schema.ts';

/** One problem per line: `path: what is wrong — how to fix`; an issue about several unknown keys gives one per key. */
export function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; text: string }[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      const suggestion = closest(key, known);
      const fix = suggestion ? `did you mean "${suggestion}"?` : 'remove it or check its spelling';
      return { path, text: `${formatPath(path)}: unknown key — ${fix}` };
    });
  }
  // Messages written in config-schema.ts already say what is wrong and how to fix it.
  const what = issue.message.includes(' — ') ? issue.message : describeProblem(issue);
  return [{ path: issue.path, text: `${formatPath(issue.path)}: ${what}` }];
}

function describeProblem(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? { name: issue.expected, example: issue.expected };
      if (issue.input === undefined) return `missing — add it (${expected.name})`;
      if (issue.path.length === 0)
        return `the file holds ${nameOfValue(issue.input)}, not settings — start it with "tenants:" and a list of tenants`;
      return `expected ${expected.name}, found ${nameOfValue(issue.input)} — write ${expected.example}`;
    }
    case 'invalid_value': {
      const options = issue.values.map(String).join(', ');
      if (issue.input === undefined) return `missing — add it, one of: ${options}`;
      return `${JSON.stringify(issue.input)} is not allowed — use one of: ${options}`;
    }
    case 'too_small': {
      const [what, unit] = SIZE_WORDS[issue.origin] ?? ['too small', ''];
      return `${what} — use at least ${String(issue.minimum)}${unit}`;
    }
    case 'too_big': {
      const [, unit, what] = SIZE_WORDS[issue.origin] ?? ['', '', 'too large'];
      return `${what} — use at most ${String(issue.maximum)}${unit}`;
    }
    default:
      return `${issue.message} — see docs/configuration.md`;
  }
}

const TYPE_NAMES: Record<string, { name: string; example: string }> = {
  string: { name: 'text', example: 'text (in quotes if it looks like a number)' },
  number: { name: 'a number', example: 'a number, e.g. 1500' },
  boolean: { name: 'true or false', example: 'true or false' },
  array: { name: 'a list', example: 'a list, e.g. [a, b]' },
  object: { name: 'a mapping', example: 'key: value pairs below it' },
  record: { name: 'a mapping', example: 'key: value pairs below it' },
};

/** By origin: too small, unit, too big. */
const SIZE_WORDS: Record<string, [string, string, string]> = {
  number: ['too small', '', 'too large'],
  string: ['too short', ' characters', 'too long'],
  array: ['too few items', ' items', 'too many items'],
};

/** What was found, without echoing it: the value may be a secret. */
function nameOfValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isNaN(value) ? 'text that is not a number' : 'a number';
  return typeof value === 'boolean' ? 'true/false' : typeof value;
}

export function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`))
    .join('');
}

/** The keys allowed where an unknown key was found, for "did you mean". */
function knownKeys(path: PropertyKey[]): string[] {
  const shape =
    path.length === 0
      ? configSchema.shape
      : path.length === 2 && path[0] === 'tenants'
        ? tenantSchema.shape
        : path.length === 3 && path[2] === 'nlu'
          ? nluSchema.shape
          : path.length === 4 && path[2] === 'connections'
            ? connectionSchema.shape
            : {};
  return Object.keys(shape);
}

function closest(word: string, candidates: string[]): string | undefined {
  const lower = word.toLowerCase();
  const allowed = lower.length >= 5 ? 2 : 1;
  return candidates.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= allowed);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
