/**
 * A lexical search index over a knowledge base's passages (Orama, BM25, Spanish stems and stop words) and
 * the decision whether its best passage answers the question at all.
 */
import { create, insertMultiple, search, type Orama } from '@orama/orama';
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
}

export interface KnowledgeSearchOptions {
  /** How many passages to return, best first. Default 3. */
  limit?: number;
}

export interface KnowledgeIndex {
  readonly chunks: readonly KnowledgeChunk[];
  /** Passages by coverage, then score; empty when the question has no word that carries meaning. */
  search(question: string, options?: KnowledgeSearchOptions): Promise<KnowledgeHit[]>;
}

/**
 * A passage answers when it covers at least this share of the question, and at least one of the words it
 * covers is there exactly (its stem or a synonym's), or is long enough that a loose match is telling.
 * Calibrated on the demo tenants' questions: see `knowledge-index.test.ts` and docs/skills/knowledge.md.
 */
export const MIN_COVERAGE = 0.5;

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

export async function createKnowledgeIndex(chunks: readonly KnowledgeChunk[]): Promise<KnowledgeIndex> {
  const database: Orama<typeof SCHEMA> = create({
    schema: SCHEMA,
    components: { tokenizer: createSpanishTokenizer() },
  });
  await insertMultiple(
    database,
    chunks.map((chunk) => ({
      id: chunk.id,
      title: chunk.title,
      heading: chunk.headings.join(' '),
      body: chunk.body,
    })),
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

  return {
    chunks,
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
        hits.push({ chunk, score, coverage, relevant: anchored && coverage >= MIN_COVERAGE });
      }
      hits.sort((a, b) => b.coverage - a.coverage || b.score - a.score);
      return hits.slice(0, options.limit ?? 3);
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
