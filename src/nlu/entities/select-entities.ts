/** Chooses non-overlapping entities: the longest match wins; on equal length, the earlier extractor in `priority`. */
import type { Entity } from '../parse-result.ts';

export function selectEntities(groups: Entity[][]): Entity[] {
  const ranked = groups.flatMap((entities, priority) => entities.map((entity) => ({ entity, priority })));
  ranked.sort(
    (a, b) =>
      b.entity.end - b.entity.start - (a.entity.end - a.entity.start) ||
      a.priority - b.priority ||
      a.entity.start - b.entity.start,
  );
  const chosen: Entity[] = [];
  for (const { entity } of ranked) {
    if (entity.end <= entity.start) continue;
    if (chosen.some((other) => other.start < entity.end && entity.start < other.end)) continue;
    chosen.push(entity);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
