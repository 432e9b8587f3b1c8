/**
 * One tenant's knowledge base: its markdown documents, read from a folder and added or replaced at run
 * time, and the search index rebuilt from them on every change.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { answerFromHits, type AnswerOptions, type KnowledgeAnswer } from './answer.ts';
import { chunkDocument, type KnowledgeDocument } from './chunk-documents.ts';
import {
  createKnowledgeIndex,
  type KnowledgeHit,
  type KnowledgeIndex,
  type KnowledgeIndexOptions,
  type KnowledgeSearchOptions,
} from './knowledge-index.ts';

/** The largest document accepted, in characters: a knowledge page, not a manual. */
export const MAX_DOCUMENT_LENGTH = 200_000;

/** What an admin sends to add or replace a document (the admin API validates its body with this). */
export const knowledgeDocumentSchema = z
  .object({
    name: z
      .string()
      .max(120, 'too long — use at most 120 characters')
      .regex(
        /^[\p{L}\p{N}][\p{L}\p{N} ._-]*\.(md|markdown)$/u,
        'must be a file name ending in .md, without folders: "horarios.md"',
      ),
    content: z
      .string()
      .max(
        MAX_DOCUMENT_LENGTH,
        `too long — split it into documents of at most ${MAX_DOCUMENT_LENGTH} characters`,
      )
      .refine((content) => content.trim() !== '', 'is empty — send the markdown text of the document'),
  })
  .strict();

export interface KnowledgeBase {
  /** The documents, by name. */
  documents(): KnowledgeDocument[];
  /** The index's passages (read-only; it changes when documents do). */
  index(): KnowledgeIndex;
  search(question: string, options?: KnowledgeSearchOptions): Promise<KnowledgeHit[]>;
  answer(question: string, options?: AnswerOptions & KnowledgeSearchOptions): Promise<KnowledgeAnswer>;
  /**
   * Adds a document, or replaces the one with the same name, and re-indexes. Invalid input throws an
   * `invalid_request` error and changes nothing.
   */
  putDocument(document: KnowledgeDocument): Promise<{ replaced: boolean; chunks: number }>;
  /** Removes a document and re-indexes; false when there was none by that name. */
  removeDocument(name: string): Promise<boolean>;
}

/** `options.vectors` (the passages' embeddings, by chunk id) makes the index hybrid. */
export async function createKnowledgeBase(
  initial: readonly KnowledgeDocument[] = [],
  options: KnowledgeIndexOptions = {},
): Promise<KnowledgeBase> {
  const documents = new Map<string, KnowledgeDocument>();
  for (const document of initial) documents.set(document.name, checkKnowledgeDocument(document));
  const buildIndex = (from: Map<string, KnowledgeDocument>) =>
    createKnowledgeIndex(
      [...from.values()].flatMap((document) => chunkDocument(document)),
      options,
    );
  let current = await buildIndex(documents);
  // Changes are applied one after the other, each re-indexing from the documents the previous left.
  let changes: Promise<unknown> = Promise.resolve();

  function change<T>(apply: () => Promise<T>): Promise<T> {
    const result = changes.then(apply);
    changes = result.catch(() => undefined);
    return result;
  }

  return {
    documents: () => [...documents.values()],
    index: () => current,
    search: (question, options) => current.search(question, options),
    async answer(question, options = {}) {
      return answerFromHits(await current.search(question, { limit: 5, ...options }), options);
    },
    async putDocument(document) {
      const valid = checkKnowledgeDocument(document);
      return change(async () => {
        const next = new Map(documents).set(valid.name, valid);
        const index = await buildIndex(next);
        const replaced = documents.has(valid.name);
        documents.set(valid.name, valid);
        current = index;
        return { replaced, chunks: index.chunks.filter((chunk) => chunk.document === valid.name).length };
      });
    },
    removeDocument(name) {
      return change(async () => {
        if (!documents.has(name)) return false;
        const next = new Map(documents);
        next.delete(name);
        current = await buildIndex(next);
        documents.delete(name);
        return true;
      });
    },
  };
}

/** A knowledge base made of the `.md` files of a folder (not its subfolders), in name order. */
export async function loadKnowledgeBase(folder: string): Promise<KnowledgeBase> {
  return createKnowledgeBase(readKnowledgeFolder(folder));
}

/**
 * The `.md` files of a folder (not its subfolders), in name order, each checked like a document an admin
 * sends. A folder that cannot be read or holds a bad document is an `invalid_config` error.
 */
export function readKnowledgeFolder(folder: string): KnowledgeDocument[] {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    names = readdirSync(folder).filter((name) => /\.(md|markdown)$/i.test(name));
  } catch (error) {
    throw new OrquestaError(
      'invalid_config',
      `knowledge folder ${folder} cannot be read (${(error as Error).message}) — point business.knowledge at a folder of .md files`,
      { cause: error },
    );
  }
  return names.sort().map((name) => {
    const document = { name, content: readFileSync(join(folder, name), 'utf8') };
    try {
      return checkKnowledgeDocument(document);
    } catch (error) {
      if (!(error instanceof OrquestaError)) throw error;
      throw new OrquestaError('invalid_config', `knowledge folder ${folder}: ${error.message}`, {
        cause: error,
      });
    }
  });
}

/**
 * The document, if it can be indexed: a valid name and markdown with text under its headings. Otherwise
 * an `invalid_request` error naming the document and the problem.
 */
export function checkKnowledgeDocument(document: KnowledgeDocument): KnowledgeDocument {
  const parsed = knowledgeDocumentSchema.safeParse(document);
  if (parsed.success && chunkDocument(parsed.data).length === 0) {
    throw new OrquestaError(
      'invalid_request',
      `knowledge document "${parsed.data.name}": content has headings but no text under them — add the text customers should read`,
    );
  }
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'document'}: ${issue.message}`,
  );
  const name = typeof document?.name === 'string' ? ` "${document.name}"` : '';
  throw new OrquestaError('invalid_request', `knowledge document${name}: ${problems.join('; ')}`, {
    details: parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
  });
}
