/**
 * A knowledge answer written by the language model from the retrieved passages only. The model answers in
 * JSON (`{ answered, answer, document }`), so "the passages do not say" is told apart from an answer, and
 * an answer naming a document that was not among the passages is refused.
 */
import { z } from 'zod';
import { parseJsonWith } from '../../core/json.ts';
import type { ChatMessage, LlmCall, LlmClient } from '../../llm/llm.ts';
import { normalizeText } from '../../nlu/normalize-text.ts';
import type { Locale } from '../skill.ts';
import type { KnowledgeSource } from './answer.ts';
import { markdownToChatText, trimToSentences } from './chat-text.ts';
import type { KnowledgeHit } from './knowledge-index.ts';

export type ModelAnswer =
  /** The model answered from the passages; `source` is the passage of the document it named. */
  | { outcome: 'answered'; text: string; source: KnowledgeSource }
  /** The passages do not contain the answer, in the model's judgement. */
  | { outcome: 'unknown' }
  /** No usable answer: the model failed, or its answer was refused (`rejected`). */
  | { outcome: 'unavailable' | 'rejected'; reason: string };

export interface ModelAnswerRequest {
  locale: Locale;
  question: string;
  /** The retrieved passages, best first. */
  passages: readonly KnowledgeHit[];
  call: LlmCall;
}

/** Longest passage text sent to the model, like the passages a customer would read. */
const PASSAGE_LENGTH = 1000;

const answerSchema = z.object({
  answered: z.boolean(),
  answer: z.string(),
  document: z.string(),
});

/** The structured output asked of the model (`response_format: json_schema`, strict). */
export const KNOWLEDGE_ANSWER_SCHEMA = {
  name: 'knowledge_answer',
  schema: {
    type: 'object',
    properties: {
      answered: {
        type: 'boolean',
        description: 'false when the passages do not contain the answer to the question',
      },
      answer: { type: 'string', description: 'the answer for the customer, naming the document' },
      document: {
        type: 'string',
        description: 'the file name of the document the answer comes from, as given with its passage',
      },
    },
    required: ['answered', 'answer', 'document'],
    additionalProperties: false,
  },
};

/**
 * Asks the model to answer the question from the passages. Never throws for the model's sake; a refused
 * answer's usage is recorded with the outcome `rejected`.
 */
export async function answerFromPassages(llm: LlmClient, request: ModelAnswerRequest): Promise<ModelAnswer> {
  const reply = await llm.chat(
    { messages: knowledgeMessages(llm, request), jsonSchema: KNOWLEDGE_ANSWER_SCHEMA },
    request.call,
  );
  if (!reply) return { outcome: 'unavailable', reason: 'the model did not answer' };
  const result = checkAnswer(reply.text ?? '', request.passages);
  if (result.outcome === 'rejected') await llm.reject(reply);
  return result;
}

/**
 * The `knowledge` prompt with the passages (business documents, never customer text) as its instructions,
 * and the customer's question as the user message.
 */
export function knowledgeMessages(llm: LlmClient, request: ModelAnswerRequest): ChatMessage[] {
  const passages = request.passages.map((hit, index) => formatPassage(hit, index + 1)).join('\n\n');
  return [
    { role: 'system', content: llm.prompt(request.locale, 'knowledge', { passages }) },
    { role: 'user', content: request.question },
  ];
}

/** `[1] horarios.md — Horarios › Sábados` and the passage's text under it. */
function formatPassage(hit: KnowledgeHit, position: number): string {
  const where = [hit.chunk.title, ...hit.chunk.headings].join(' › ');
  const text = trimToSentences(markdownToChatText(hit.chunk.body), PASSAGE_LENGTH);
  return `[${position}] ${hit.chunk.document} — ${where}\n${text}`;
}

function checkAnswer(text: string, passages: readonly KnowledgeHit[]): ModelAnswer {
  const parsed = parseJsonWith(answerSchema, text);
  if (!parsed.ok) return { outcome: 'rejected', reason: `not the JSON asked for: ${parsed.error}` };
  const { answered, answer, document } = parsed.value;
  if (!answered) return { outcome: 'unknown' };
  if (answer.trim() === '') return { outcome: 'rejected', reason: 'an empty answer' };
  const hit = passages.find((candidate) => namesDocument(document, candidate));
  if (!hit) return { outcome: 'rejected', reason: 'it names a document that was not among the passages' };
  return {
    outcome: 'answered',
    text: answer.trim(),
    source: {
      document: hit.chunk.document,
      title: hit.chunk.title,
      heading: hit.chunk.headings.at(-1) ?? null,
    },
  };
}

/** The model may name a document by its file name (with or without `.md`) or by its title. */
function namesDocument(named: string, hit: KnowledgeHit): boolean {
  const wanted = normalizeText(named.trim());
  if (wanted === '') return false;
  const { document, title } = hit.chunk;
  return [document, document.replace(/\.(md|markdown)$/i, ''), title]
    .map((name) => normalizeText(name))
    .includes(wanted);
}
