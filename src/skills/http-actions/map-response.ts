/** Reply variables picked from an API's JSON answer by the paths an action declares (`ticket.id`). */
import type { JsonValue } from '../../core/json.ts';

export type PickResult = { ok: true; value: string | number } | { ok: false; problem: string };

/**
 * The value at a dotted path; a number step also indexes a list (`items.0.name`). `null` gives empty text,
 * `true`/`false` their words; a missing field or one holding a mapping or list is a problem.
 */
export function pickPath(document: JsonValue, path: string): PickResult {
  let current: JsonValue | undefined = document;
  for (const step of path.split('.')) {
    if (Array.isArray(current)) current = /^\d+$/.test(step) ? current[Number(step)] : undefined;
    else if (current !== null && typeof current === 'object')
      current = Object.hasOwn(current, step) ? current[step] : undefined;
    else current = undefined;
    if (current === undefined) return { ok: false, problem: `has no field "${path}"` };
  }
  if (current === null) return { ok: true, value: '' };
  if (typeof current === 'string' || typeof current === 'number') return { ok: true, value: current };
  if (typeof current === 'boolean') return { ok: true, value: String(current) };
  return {
    ok: false,
    problem: `field "${path}" holds ${Array.isArray(current) ? 'a list' : 'a mapping'}, not a single value`,
  };
}
