/** The knowledge skill's tool: `search_knowledge`, for the skill's own answer and an LLM agent alike. */
import { z } from 'zod';
import type { Tool } from '../tool.ts';
import { answerFromHits, citeSource, type KnowledgeSource } from './answer.ts';
import { markdownToChatText, trimToSentences } from './chat-text.ts';
import type { KnowledgeBase } from './knowledge-base.ts';

const searchKnowledgeInput = z
  .object({
    question: z
      .string()
      .trim()
      .min(1, 'is empty — pass the customer’s question')
      .max(500, 'too long — pass the question, at most 500 characters')
      .describe('The customer’s question, in their words.'),
  })
  .strict();

export type SearchKnowledgeInput = z.output<typeof searchKnowledgeInput>;

export interface KnowledgePassage extends KnowledgeSource {
  /** The passage as chat text, at most 700 characters. */
  text: string;
  /** The share of the question it speaks of, 0 to 1. */
  coverage: number;
}

export type SearchKnowledgeOutput =
  | {
      found: true;
      /** The answer to send: the best passage(s), trimmed to a chat message. */
      answer: string;
      truncated: boolean;
      /** Where the answer comes from, for the customer: `Financiamiento (financiamiento.md)`. */
      citation: string;
      sources: KnowledgeSource[];
      /** Every relevant passage, best first, for an agent that writes its own answer. */
      passages: KnowledgePassage[];
    }
  | { found: false };

const PASSAGE_LENGTH = 700;

/** `base` gives the tenant's knowledge base, built (or rebuilt after a change) when first searched. */
export function createKnowledgeTools(
  base: () => Promise<Pick<KnowledgeBase, 'search'>>,
): [Tool<SearchKnowledgeInput, SearchKnowledgeOutput>] {
  const searchKnowledgeTool: Tool<SearchKnowledgeInput, SearchKnowledgeOutput> = {
    name: 'search_knowledge',
    description:
      'Answers a general question (location, opening hours, payments, policies, procedures, how-tos) from the ' +
      "business's documents; returns found: false when they say nothing about it, and then a human should be offered.",
    input: searchKnowledgeInput,
    async execute(input) {
      const hits = await (await base()).search(input.question, { limit: 5 });
      const answer = answerFromHits(hits);
      if (!answer.found) return { found: false };
      return {
        found: true,
        answer: answer.text,
        truncated: answer.truncated,
        citation: citeSource(answer.source),
        sources: answer.sources,
        passages: hits
          .filter((hit) => hit.relevant)
          .map((hit) => ({
            document: hit.chunk.document,
            title: hit.chunk.title,
            heading: hit.chunk.headings.at(-1) ?? null,
            text: trimToSentences(markdownToChatText(hit.chunk.body), PASSAGE_LENGTH),
            coverage: hit.coverage,
          })),
      };
    },
  };
  return [searchKnowledgeTool];
}
