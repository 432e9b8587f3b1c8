/**
 * Tenant lookups with fuzzy matching: each entry's value and synonyms are compared with the message word
 * by word, without accents or case, tolerating typos in proportion to each word's length ("nisan" →
 * Nissan, "jeta" → Jetta, "mazada" → Mazda). Longer matches win, then exact over fuzzy.
 * The entity's `value` is the entry's canonical value; fuzzy matches say so in `fuzzy: true`.
 */
import type { Entity } from '../parse-result.ts';
import { allowedEdits, editDistance } from './edit-distance.ts';
import { entityAt } from './entity-candidate.ts';
import { foldedTokens, foldText, type Token } from './folded-text.ts';

export interface LookupEntry {
  value: string;
  synonyms?: string[];
}

interface Form {
  entity: string;
  value: string;
  words: string[];
}

/** Everyday words never read as a typo of a catalogue word ("marcha" is not the Nissan March). */
const NEVER_FUZZY = new Set([
  'para',
  'pero',
  'como',
  'cual',
  'cuanto',
  'cuando',
  'donde',
  'quiero',
  'quisiera',
  'tiene',
  'tienen',
  'tengo',
  'hola',
  'gracias',
  'buenas',
  'buenos',
  'precio',
  'precios',
  'favor',
  'marcha',
  'carro',
  'carros',
  'auto',
  'autos',
  'cita',
  'citas',
  'hora',
  'horas',
  'mismo',
  'misma',
  'esta',
  'este',
  'esto',
  'estos',
  'otra',
  'otro',
  'nueva',
  'nuevo',
  'seria',
  'sobre',
  'entre',
  'desde',
  'hasta',
  'mucho',
  'poco',
  'tambien',
]);

export interface LookupMatcher {
  extract(folded: string): Entity[];
}

export function createLookupMatcher(lookups: Record<string, LookupEntry[]>): LookupMatcher {
  const forms: Form[] = [];
  for (const [entity, entries] of Object.entries(lookups)) {
    for (const entry of entries) {
      for (const written of [entry.value, ...(entry.synonyms ?? [])]) {
        const words = foldedTokens(foldText(written)).map((token) => token.text);
        if (words.length > 0) forms.push({ entity, value: entry.value, words });
      }
    }
  }
  const byFirstLetter = new Map<string, Form[]>();
  for (const form of forms) {
    // typos rarely change the first letter; trying only forms that share it keeps big catalogues fast
    const key = form.words[0]?.[0] ?? '';
    byFirstLetter.set(key, [...(byFirstLetter.get(key) ?? []), form]);
  }
  return {
    extract(folded: string): Entity[] {
      const tokens = foldedTokens(folded);
      const candidates: { entity: Entity; edits: number }[] = [];
      tokens.forEach((token, index) => {
        for (const form of byFirstLetter.get(token.text[0] ?? '') ?? []) {
          const edits = matchAt(tokens, index, form);
          if (edits === null) continue;
          const last = tokens[index + form.words.length - 1] as Token;
          const extra = edits > 0 ? { fuzzy: true } : {};
          candidates.push({ entity: entityAt(form.entity, token.start, last.end, form.value, extra), edits });
        }
      });
      return chooseBest(candidates);
    },
  };
}

/** The number of edits by which the words at `index` spell `form`, or null when they do not. */
function matchAt(tokens: Token[], index: number, form: Form): number | null {
  let edits = 0;
  for (let offset = 0; offset < form.words.length; offset += 1) {
    const word = tokens[index + offset]?.text;
    const expected = form.words[offset] ?? '';
    if (word === undefined) return null;
    if (word === expected) continue;
    const limit = allowedEdits(Math.min(word.length, expected.length));
    if (limit === 0 || NEVER_FUZZY.has(word) || /\d/.test(word)) return null;
    const distance = editDistance(word, expected, limit);
    if (distance > limit) return null;
    edits += distance;
  }
  return edits;
}

/** Longer first, then exact before fuzzy, then fewer edits; never two overlapping. */
function chooseBest(candidates: { entity: Entity; edits: number }[]): Entity[] {
  const ordered = [...candidates].sort(
    (a, b) =>
      b.entity.end - b.entity.start - (a.entity.end - a.entity.start) ||
      Number(a.edits > 0) - Number(b.edits > 0) ||
      a.edits - b.edits ||
      a.entity.start - b.entity.start,
  );
  const chosen: Entity[] = [];
  for (const { entity } of ordered) {
    if (chosen.some((other) => other.start < entity.end && entity.start < other.end)) continue;
    chosen.push(entity);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
