/** The benchmark's data: labelled JSONL rows, deterministic samples and stratified folds. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const rowSchema = z
  .object({
    text: z.string(),
    intent: z.string(),
    split: z.string().optional(),
    clean_text: z.string().optional(),
  })
  .loose();

export type LabelledRow = z.infer<typeof rowSchema>;

export function readRows(path: string): LabelledRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = rowSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1} is not a {text, intent} row`);
      return parsed.data;
    });
}

/** mulberry32, so that samples and folds are the same on every run. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(count: number, seed: number): number[] {
  const random = createRandom(seed);
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

/** At most `size` rows chosen at random (seeded), in their original order; all of them without a size. */
export function sampleRows<T>(rows: readonly T[], size: number | undefined, seed: number): T[] {
  if (size === undefined || size >= rows.length) return [...rows];
  const chosen = new Set(shuffled(rows.length, seed).slice(0, size));
  return rows.filter((_, index) => chosen.has(index));
}

/**
 * The fold (0 … folds − 1) of each row: rows are shuffled (seeded), then dealt in turn within each
 * intent, so every fold holds about the same share of every intent.
 */
export function stratifiedFolds(rows: readonly LabelledRow[], folds: number, seed: number): number[] {
  const foldOf = new Array<number>(rows.length).fill(0);
  const dealt = new Map<string, number>();
  for (const index of shuffled(rows.length, seed)) {
    const intent = rows[index]!.intent;
    const count = dealt.get(intent) ?? 0;
    foldOf[index] = count % folds;
    dealt.set(intent, count + 1);
  }
  return foldOf;
}
