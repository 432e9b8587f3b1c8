import { readFileSync } from 'node:fs';
import { OrquestaError, type ErrorCode } from './errors.ts';

/**
 * Reads a UTF-8 file named by the user, or throws `code` saying which file, what it was for and how to
 * fix it: `catalogo.csv: cannot read the catalog (ENOENT) — check business.catalog in the configuration`.
 */
export function readTextFile(path: string, code: ErrorCode, what: string, fix: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new OrquestaError(code, `${path}: cannot read ${what} (${reason}) — ${fix}`, { cause: error });
  }
}
