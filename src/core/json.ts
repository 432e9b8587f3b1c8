import { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Parses JSON that Orquesta itself wrote (a database column). Untrusted input goes through
 * `parseJsonWith` and a schema instead.
 */
export function parseStoredJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses untrusted JSON text and checks it against a schema; never throws. */
export function parseJsonWith<T>(schema: z.ZodType<T>, text: string): ParseResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error) };
  return { ok: true, value: result.data };
}
