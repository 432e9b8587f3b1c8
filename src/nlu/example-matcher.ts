import { tokenize } from './normalize-text.ts';
import type { ParseOptions, ParseResult, Understander } from './parse-result.ts';
import type { TrainingExample } from './training-data.ts';

/**
 * A small nearest-example classifier: the message's tokens are compared with each example's (Dice
 * coefficient, tolerant of one-letter typos) and an intent scores as its best example. It needs no
 * training time and is exact on the examples themselves, which is what the smalltalk intents need.
 */
export function createExampleMatcher(examples: TrainingExample[], threshold: number): Understander {
  const prepared = examples.map((example) => ({ intent: example.intent, tokens: tokenize(example.text) }));
  return {
    async parse(text: string, _options: ParseOptions): Promise<ParseResult> {
      const tokens = tokenize(text);
      const best = new Map<string, number>();
      for (const example of prepared) {
        const score = dice(tokens, example.tokens);
        if (score > (best.get(example.intent) ?? 0)) best.set(example.intent, score);
      }
      const ranking = [...best.entries()]
        .map(([name, confidence]) => ({ name, confidence: round(confidence) }))
        .filter((entry) => entry.confidence > 0)
        .sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name))
        .slice(0, 10);
      const top = ranking[0];
      const intent =
        top && top.confidence >= threshold ? top : { name: null, confidence: top?.confidence ?? 0 };
      return { text, intent, intent_ranking: ranking, entities: [] };
    },
  };
}

function dice(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const remaining = [...b];
  let shared = 0;
  for (const token of a) {
    const index = remaining.findIndex((candidate) => similar(token, candidate));
    if (index >= 0) {
      shared += 1;
      remaining.splice(index, 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 1) return false;
  return withinOneEdit(a, b);
}

function withinOneEdit(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
