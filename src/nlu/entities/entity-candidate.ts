/** What every built-in extractor returns: an entity of the parse result, with Orquesta as its extractor. */
import type { Entity } from '../parse-result.ts';

export const EXTRACTOR = 'orquesta';

export function entityAt(entity: string, start: number, end: number, value: unknown, extra = {}): Entity {
  return { entity, start, end, value, extractor: EXTRACTOR, ...extra };
}
