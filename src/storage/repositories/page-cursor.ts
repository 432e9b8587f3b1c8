/**
 * Keyset pagination for admin lists ordered newest first by a time column, then by id. The cursor a page
 * returns is opaque to clients (base64url of the last row's time and id), stable under concurrent inserts,
 * and never skips or repeats a row the way an offset would.
 */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { parseJsonWith } from '../../core/json.ts';

export interface PageCursor {
  /** The last row's sort time (ISO UTC). */
  at: string;
  /** The last row's id, which breaks ties between equal times. */
  id: string;
}

export interface Page<T> {
  items: T[];
  /** Pass it as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

const cursorSchema = z.tuple([z.string().min(1), z.string().min(1)]);

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/** Reads a cursor a previous page returned; anything else is a client error. */
export function decodeCursor(text: string): PageCursor {
  const parsed = parseJsonWith(cursorSchema, Buffer.from(text, 'base64url').toString('utf8'));
  if (!parsed.ok) {
    throw new OrquestaError(
      'invalid_request',
      `cursor "${text.slice(0, 80)}" is not one this API returned — pass the previous page's nextCursor unchanged`,
    );
  }
  const [at, id] = parsed.value;
  return { at, id };
}

/**
 * Cuts a page out of `limit + 1` fetched rows: the extra row only says whether a next page exists.
 */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => PageCursor,
  map: (row: Row) => T,
): Page<T> {
  const visible = rows.slice(0, limit);
  const last = visible.at(-1);
  return {
    items: visible.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
