import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OrquestaError } from '../core/errors.ts';

/**
 * A path, or a pattern with `*` or `?` in its file name (`examples/demo/stories/*.yaml`) for shells that
 * leave it unexpanded, as the sorted files it matches; a pattern that matches nothing is an error.
 */
export function expandPattern(pattern: string): string[] {
  const name = basename(pattern);
  const folder = dirname(pattern);
  if (/[*?]/.test(folder))
    throw new OrquestaError(
      'invalid_request',
      `${pattern}: only the file name may hold * or ? — name the folder`,
    );
  if (!/[*?]/.test(name)) return [pattern];
  const escaped = name.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const matcher = new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch (error) {
    throw new OrquestaError(
      'invalid_request',
      `${pattern}: cannot read the folder ${folder} — check the path`,
      {
        cause: error,
      },
    );
  }
  const matches = entries.filter((entry) => matcher.test(entry)).sort();
  if (matches.length === 0)
    throw new OrquestaError('invalid_request', `${pattern}: no file matches — check the pattern`);
  return matches.map((entry) => join(folder, entry));
}
