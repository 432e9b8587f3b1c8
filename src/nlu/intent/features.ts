/**
 * Text → hashed sparse features for the intent classifier: words (emoji included), pairs of neighbouring
 * words (with the start and the end of the message as words) and the pieces of 2 to 4 characters of each
 * word marked `<word>`. The pieces make the classifier tolerant of typos, missing accents and inflection
 * ("agendar", "agende", "ajendar" share most of them); digits are folded to 0 so that "a las 3" and
 * "a las 5" look alike.
 *
 * The first word's pieces count once more as features of their own: a request usually opens with its
 * verb ("cancela", "pon", "recuérdame") or question word, which says most about the intent, and the
 * pieces recognise it in forms the examples do not have ("desactiva" after "desactivar").
 */
import { chatTokens } from '../normalize-text.ts';

/** Features are hashed into 2^18 slots: collisions are rare for a tenant's vocabulary, memory is 1 MB. */
export const FEATURE_BITS = 18;
export const FEATURE_SLOTS = 1 << FEATURE_BITS;
const SLOT_MASK = FEATURE_SLOTS - 1;
const MIN_PIECE = 2;
const MAX_PIECE = 4;

// FNV-1a over UTF-16 code units, seeded per kind of feature so that a word and a piece never share a hash.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = mix(FNV_OFFSET, 1);
const PAIR_SEED = mix(FNV_OFFSET, 2);
const PIECE_SEED = mix(FNV_OFFSET, 3);
const FIRST_PIECE_SEED = mix(FNV_OFFSET, 4);
const WORD_START = '<'.charCodeAt(0);
const WORD_END = '>'.charCodeAt(0);
const SEPARATOR = ' '.charCodeAt(0);

/** The words the features are made of: chat tokens with every digit written 0. */
export function featureWords(text: string): string[] {
  return chatTokens(text).map((word) => word.replace(/\d/g, '0'));
}

/** The features of a message: distinct hash slots, in the order first met, with how often each occurs. */
export interface FeatureCounts {
  slots: Int32Array;
  counts: Float64Array;
}

// Scratch space of extractFeatures: a count per slot, and the slots touched. Classification is synchronous,
// so one buffer serves every call; it is left zeroed after each.
const scratchCounts = new Uint16Array(FEATURE_SLOTS);
let touched: Int32Array = new Int32Array(1024);

/** Counts of each feature slot in the message's words. */
export function extractFeatures(words: readonly string[]): FeatureCounts {
  let distinct = 0;
  const add = (hash: number): void => {
    const slot = (hash ^ (hash >>> FEATURE_BITS)) & SLOT_MASK;
    if (scratchCounts[slot]! === 0) {
      if (distinct === touched.length) touched = grow(touched);
      touched[distinct++] = slot;
    }
    if (scratchCounts[slot]! < 0xffff) scratchCounts[slot]! += 1;
  };
  let previous = '^';
  for (const word of words) {
    add(hashText(WORD_SEED, word));
    // An emoji is a word of its own, but has no letters to cut into pieces nor a place in a phrase.
    if (!/^[\p{L}\p{N}]/u.test(word)) continue;
    add(hashText(mix(hashText(PAIR_SEED, previous), SEPARATOR), word));
    addPieces(PIECE_SEED, word, add);
    if (previous === '^') addPieces(FIRST_PIECE_SEED, word, add);
    previous = word;
  }
  if (previous !== '^') add(hashText(mix(hashText(PAIR_SEED, previous), SEPARATOR), '$'));
  const slots = touched.slice(0, distinct);
  const counts = new Float64Array(distinct);
  for (let index = 0; index < distinct; index += 1) {
    counts[index] = scratchCounts[slots[index]!]!;
    scratchCounts[slots[index]!] = 0;
  }
  return { slots, counts };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Every piece of 2 to 4 characters of `<word>`, hashed incrementally without building substrings. */
function addPieces(seed: number, word: string, add: (hash: number) => void): void {
  const length = word.length + 2;
  const codeAt = (index: number): number =>
    index === 0 ? WORD_START : index === length - 1 ? WORD_END : word.charCodeAt(index - 1);
  for (let start = 0; start < length - 1; start += 1) {
    let hash = seed;
    const end = Math.min(length, start + MAX_PIECE);
    for (let index = start; index < end; index += 1) {
      hash = mix(hash, codeAt(index));
      if (index - start + 1 >= MIN_PIECE) add(hash);
    }
  }
}

function hashText(seed: number, text: string): number {
  let hash = seed;
  for (let index = 0; index < text.length; index += 1) hash = mix(hash, text.charCodeAt(index));
  return hash;
}

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}
