/**
 * The answer a knowledge base gives without an LLM: its best passage(s) as chat text, short enough for a
 * WhatsApp message, naming the document they come from; or no answer when nothing is relevant.
 */
import type { KnowledgeChunk } from './chunk-documents.ts';
import { markdownToChatText, trimToSentences } from './chat-text.ts';
import type { KnowledgeHit } from './knowledge-index.ts';

export interface KnowledgeSource {
  /** The document's file name: `planes.md`. */
  document: string;
  /** The document's title. */
  title: string;
  /** The heading of the passage within the document (`Beneficios`, a FAQ question), or null. */
  heading: string | null;
}

export type KnowledgeAnswer =
  | {
      found: true;
      /** The passage(s), chat formatted, at most `maxLength` characters, without the citation. */
      text: string;
      /** Whether sentences were left out to fit `maxLength`. */
      truncated: boolean;
      /** Where the best passage comes from. */
      source: KnowledgeSource;
      /** Every passage the text is made of, in document order. */
      sources: KnowledgeSource[];
    }
  | { found: false };

export interface AnswerOptions {
  /** Default 700 characters: one screen of a phone chat. */
  maxLength?: number;
}

/**
 * The best relevant passage, joined by the other passages of the same document that answer the question
 * as fully (the addresses of every branch for "¿dónde están?") while they fit, in document order.
 */
export function answerFromHits(hits: readonly KnowledgeHit[], options: AnswerOptions = {}): KnowledgeAnswer {
  const maxLength = options.maxLength ?? 700;
  const [best, ...others] = hits.filter((hit) => hit.relevant);
  if (!best) return { found: false };

  const chosen = [{ chunk: best.chunk, text: passageText(best.chunk) }];
  let length = chosen[0]?.text.length ?? 0;
  for (const hit of others) {
    if (hit.chunk.document !== best.chunk.document || hit.coverage < best.coverage) continue;
    const text = passageText(hit.chunk);
    if (length + text.length + 2 > maxLength) continue;
    chosen.push({ chunk: hit.chunk, text });
    length += text.length + 2;
  }
  chosen.sort((a, b) => chunkPosition(a.chunk) - chunkPosition(b.chunk));

  const full = chosen.map((passage) => passage.text).join('\n\n');
  const text = trimToSentences(full, maxLength);
  return {
    found: true,
    text,
    truncated: text !== full,
    source: sourceOf(best.chunk),
    sources: chosen.map((passage) => sourceOf(passage.chunk)),
  };
}

/** How a citation names a source: `Planes de internet hogar › Beneficios (planes.md)`. */
export function citeSource(source: KnowledgeSource): string {
  const where = source.heading ? `${source.title} › ${source.heading}` : source.title;
  return `${where} (${source.document})`;
}

/** A passage starts with its heading (a FAQ passage with its question), so that it reads on its own. */
function passageText(chunk: KnowledgeChunk): string {
  const heading = chunk.headings.at(-1);
  const body = markdownToChatText(chunk.body);
  return heading ? `*${heading}*\n${body}` : body;
}

function chunkPosition(chunk: KnowledgeChunk): number {
  return Number(chunk.id.slice(chunk.id.lastIndexOf('#') + 1));
}

function sourceOf(chunk: KnowledgeChunk): KnowledgeSource {
  return { document: chunk.document, title: chunk.title, heading: chunk.headings.at(-1) ?? null };
}
