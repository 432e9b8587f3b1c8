/**
 * A search index over a knowledge base's passages (Orama, BM25, Spanish stems and stop words; hybrid with
 * their embeddings when it has them) and the decision whether its best passage answers the question at all.
 */
import { create, insertMultiple, search, type AnyOrama } from '@orama/orama';
import type { KnowledgeChunk } from './chunk-documents.ts';
import { questionTerms } from './query-expansion.ts';
import { analyze, createSpanishTokenizer } from './spanish-analyzer.ts';

export interface KnowledgeHit {
  chunk: KnowledgeChunk;
  /** Orama's BM25 score summed over the question's words. */
  score: number;
  /**
   * How much of the question the passage speaks of, from 0 to 1: the question's words it contains (a word
   * counts when the passage has its stem or a synonym's; half when only as a prefix or with a typo
   * corrected), each weighted by how rare it is in the knowledge base, a word found nowhere weighing as
   * much as the rarest.
   */
  coverage: number;
  /** Whether the passage answers the question well enough to be given as the answer. */
  relevant: boolean;
  /** Cosine similarity of the passage's embedding to the question's (0 when negative); null in a lexical search. */
  similarity: number | null;
}

export interface KnowledgeSearchOptions {
  /** How many passages to return, best first. Default 3. */
  limit?: number;
  /**
   * The question's embedding: with it, an index that has the passages' embeddings searches words and
   * meaning together (Orama's hybrid search) and ranks by both. Of another size than theirs, it is ignored.
   */
  vector?: readonly number[] | null;
}

export interface KnowledgeIndexOptions {
  /** The embedding of each passage, by chunk id, all of one size; the index is hybrid with them. */
  vectors?: ReadonlyMap<string, readonly number[]> | null;
}

export interface KnowledgeIndex {
  readonly chunks: readonly KnowledgeChunk[];
  /** The size of the passages' embeddings, or null for a lexical index. */
  readonly dimensions: number | null;
  /** Whether the question has a word that carries meaning; `search` finds nothing for one that has none. */
  searchable(question: string): boolean;
  /**
   * Passages by coverage, then score; with a question vector, the relevant ones and those close in meaning
   * (`isCandidate`) first, by hybrid score. Empty when the question has no word that carries meaning.
   */
  search(question: string, options?: KnowledgeSearchOptions): Promise<KnowledgeHit[]>;
}

/**
 * A passage answers when it covers at least this share of the question, and at least one of the words it
 * covers is there exactly (its stem or a synonym's), or is long enough that a loose match is telling.
 * Calibrated on the demo tenants' questions: see `knowledge-index.test.ts` and docs/skills/knowledge.md.
 */
export const MIN_COVERAGE = 0.5;

/**
 * A passage whose embedding is at least this close to the question's is worth showing a language model,
 * even without the question's words. A floor rather than a verdict: the model still says whether it answers.
 */
export const MIN_SIMILARITY = 0.4;

/** Words and meaning count alike in the hybrid ranking (Orama normalises each side to 0–1 first). */
const HYBRID_WEIGHTS = { text: 0.5, vector: 0.5 };
const VECTOR_PROPERTY = 'embedding';

/** Stems shorter than this are only matched as written (as a prefix); longer ones tolerate one typo. */
const MIN_TYPO_TOLERANT_LENGTH = 5;
/** A word at least this long that matches only by prefix or with a typo still shows the passage is on topic. */
const MIN_LOOSE_ANCHOR_LENGTH = 7;
/** What a match by prefix or with a typo corrected counts for, against a match of the exact stem. */
const LOOSE_WEIGHT = 0.5;

const SCHEMA = { title: 'string', heading: 'string', body: 'string' } as const;
const PROPERTIES = ['title', 'heading', 'body'] as const;
const BOOST = { title: 1.5, heading: 2, body: 1 };

interface Concept {
  /** The words searched for this concept: the customer's word and its synonyms. */
  terms: string;
  typoTolerant: boolean;
  /** Whether a match by prefix or typo alone is enough evidence: for long words, where it rarely misleads. */
  looseAnchors: boolean;
}

interface ConceptMatches {
  /** Score by chunk id, prefix and typo-tolerant matches included. */
  scores: Map<string, number>;
  /** The chunks that have one of the concept's stems exactly. */
  exact: Set<string>;
}

/** Whether a hit is worth showing a language model: relevant by its words, or close in meaning. */
export function isCandidate(hit: KnowledgeHit): boolean {
  return hit.relevant || (hit.similarity ?? 0) >= MIN_SIMILARITY;
}

export async function createKnowledgeIndex(
  chunks: readonly KnowledgeChunk[],
  options: KnowledgeIndexOptions = {},
): Promise<KnowledgeIndex> {
  const vectors = options.vectors && options.vectors.size > 0 ? options.vectors : null;
  const dimensions = vectors ? ([...vectors.values()][0]?.length ?? null) : null;
  const database: AnyOrama = create({
    schema: dimensions ? { ...SCHEMA, [VECTOR_PROPERTY]: `vector[${dimensions}]` } : SCHEMA,
    components: { tokenizer: createSpanishTokenizer() },
  });
  await insertMultiple(
    database,
    chunks.map((chunk) => {
      const vector = vectors?.get(chunk.id);
      return {
        id: chunk.id,
        title: chunk.title,
        heading: chunk.headings.join(' '),
        body: chunk.body,
        ...(vector ? { [VECTOR_PROPERTY]: [...vector] } : {}),
      };
    }),
  );

  const stemsByChunk = new Map(
    chunks.map((chunk) => [
      chunk.id,
      new Set(analyze(`${chunk.title} ${chunk.headings.join(' ')} ${chunk.body}`)),
    ]),
  );

  async function match(concept: Concept): Promise<ConceptMatches> {
    const results = await search(database, {
      term: concept.terms,
      properties: [...PROPERTIES],
      boost: BOOST,
      tolerance: concept.typoTolerant ? 1 : 0,
      limit: chunks.length,
    });
    const stems = analyze(concept.terms);
    const exact = chunks.filter((chunk) => stems.some((stem) => stemsByChunk.get(chunk.id)?.has(stem)));
    return {
      scores: new Map(results.hits.map((hit) => [hit.id, hit.score])),
      exact: new Set(exact.map((chunk) => chunk.id)),
    };
  }

  /**
   * The lexical hits re-ranked by Orama's hybrid search over the question's words and its vector, with
   * each passage's similarity; candidates first. A relevant hit the hybrid search missed keeps its place
   * among the candidates, after those it ranked.
   */
  async function hybridRanking(
    concepts: Concept[],
    lexical: KnowledgeHit[],
    vector: readonly number[],
  ): Promise<KnowledgeHit[]> {
    const query = { value: [...vector], property: VECTOR_PROPERTY };
    const near = await search(database, {
      mode: 'vector',
      vector: query,
      similarity: 0,
      limit: chunks.length,
    });
    const similarities = new Map(near.hits.map((hit) => [hit.id, hit.score]));
    const hybrid = await search(database, {
      mode: 'hybrid',
      term: concepts.map((concept) => concept.terms).join(' '),
      properties: [...PROPERTIES],
      boost: BOOST,
      tolerance: 1,
      vector: query,
      similarity: MIN_SIMILARITY,
      hybridWeights: HYBRID_WEIGHTS,
      limit: chunks.length,
    });
    const rank = new Map(hybrid.hits.map((hit, index) => [hit.id, index]));

    const byId = new Map(lexical.map((hit) => [hit.chunk.id, hit]));
    const hits = chunks.flatMap((chunk): KnowledgeHit[] => {
      const similarity = similarities.get(chunk.id) ?? 0;
      const hit = byId.get(chunk.id);
      if (!hit && !rank.has(chunk.id)) return [];
      return [{ ...(hit ?? { chunk, score: 0, coverage: 0, relevant: false }), similarity }];
    });
    const position = (hit: KnowledgeHit) => rank.get(hit.chunk.id) ?? Number.MAX_SAFE_INTEGER;
    return hits.sort((a, b) => Number(isCandidate(b)) - Number(isCandidate(a)) || position(a) - position(b));
  }

  return {
    chunks,
    dimensions,
    searchable: (question) => chunks.length > 0 && questionConcepts(question).length > 0,
    async search(question, options = {}) {
      const concepts = questionConcepts(question);
      if (concepts.length === 0 || chunks.length === 0) return [];
      const matches = await Promise.all(concepts.map(match));
      const weights = matches.map(({ scores }) =>
        inverseFrequency(scores.size === 0 ? 1 : scores.size, chunks.length),
      );
      const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);

      const hits: KnowledgeHit[] = [];
      for (const chunk of chunks) {
        let score = 0;
        let covered = 0;
        let anchored = false;
        matches.forEach(({ scores, exact }, index) => {
          const concept = concepts[index];
          if (!concept) return;
          const conceptScore = scores.get(chunk.id);
          if (conceptScore === undefined) return;
          const isExact = exact.has(chunk.id);
          score += conceptScore;
          covered += (weights[index] ?? 0) * (isExact ? 1 : LOOSE_WEIGHT);
          anchored ||= isExact || concept.looseAnchors;
        });
        if (score === 0) continue;
        const coverage = covered / totalWeight;
        const relevant = anchored && coverage >= MIN_COVERAGE;
        hits.push({ chunk, score, coverage, relevant, similarity: null });
      }
      hits.sort((a, b) => b.coverage - a.coverage || b.score - a.score);
      const limit = options.limit ?? 3;
      const vector = options.vector;
      if (!vector || vector.length !== dimensions) return hits.slice(0, limit);
      return (await hybridRanking(concepts, hits, vector)).slice(0, limit);
    },
  };
}

/**
 * What the question asks about: its words that carry meaning, each with its synonyms. Stop words count only
 * when they have synonyms ("dónde" stands for an address); the same stem twice counts once.
 */
function questionConcepts(question: string): Concept[] {
  const concepts = new Map<string, Concept>();
  for (const term of questionTerms(question)) {
    if (term.synonyms.length === 0 && analyze(term.text).length === 0) continue;
    const key = analyze(term.text)[0] ?? term.text;
    if (concepts.has(key)) continue;
    concepts.set(key, {
      terms: [term.text, ...term.synonyms].join(' '),
      typoTolerant: key.length >= MIN_TYPO_TOLERANT_LENGTH,
      looseAnchors: term.text.length >= MIN_LOOSE_ANCHOR_LENGTH,
    });
  }
  return [...concepts.values()];
}

function inverseFrequency(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
}
