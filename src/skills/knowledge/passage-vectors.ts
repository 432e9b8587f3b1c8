/**
 * The embedding of every passage of a knowledge base, for hybrid search: read from `knowledge_vectors`,
 * and asked of the model only for passages whose text is new, so an unchanged document costs no call and
 * a changed one only the calls for its changed passages. Vectors of passages that are gone are deleted.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { KnowledgeChunk } from './chunk-documents.ts';
import { deleteVectors, listStoredVectors, storeVectors, type StoredVector } from './stored-vectors.ts';

/** What computes embeddings: the tenant's embedding model, through its language-model client. */
export interface PassageEmbedder {
  /** The embedding model's name; a vector is kept per model. */
  readonly model: string;
  /** One vector per text, in order, or null when the provider failed. */
  embed(texts: string[]): Promise<number[][] | null>;
}

/** Texts per embedding request: most providers accept far more, some (local servers) not many more. */
const EMBED_BATCH = 64;

/** What is embedded for a passage: where it is (title, headings) and what it says. */
export function embeddingTextOf(chunk: KnowledgeChunk): string {
  return [[chunk.title, ...chunk.headings].join(' › '), chunk.body].join('\n\n');
}

export function contentHashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The vector of each chunk, by chunk id; null when some could not be computed (the provider failed or
 * answered vectors of different sizes), and the search then stays lexical.
 */
export async function vectorsForChunks(options: {
  db: Kysely<Database>;
  tenantId: string;
  chunks: readonly KnowledgeChunk[];
  embedder: PassageEmbedder;
  now: Date;
}): Promise<Map<string, number[]> | null> {
  const { db, tenantId, chunks, embedder } = options;
  const model = embedder.model;
  const keyOf = (document: string, contentHash: string) => `${document}\u0000${contentHash}`;

  const passages = chunks.map((chunk) => {
    const text = embeddingTextOf(chunk);
    return { chunk, text, contentHash: contentHashOf(text) };
  });
  const wanted = new Set(passages.map((passage) => keyOf(passage.chunk.document, passage.contentHash)));

  const rows = await listStoredVectors(db, tenantId, model);
  const known = new Map<string, number[]>();
  for (const row of rows) if (row.vector) known.set(keyOf(row.document, row.contentHash), row.vector);
  const stale = rows.filter((row) => !row.vector || !wanted.has(keyOf(row.document, row.contentHash)));
  if (stale.length > 0) await deleteVectors(db, tenantId, stale);

  const missing = new Map<string, (typeof passages)[number]>();
  for (const passage of passages) {
    const key = keyOf(passage.chunk.document, passage.contentHash);
    if (!known.has(key)) missing.set(key, passage);
  }
  const toEmbed = [...missing.values()];
  for (let start = 0; start < toEmbed.length; start += EMBED_BATCH) {
    const batch = toEmbed.slice(start, start + EMBED_BATCH);
    const vectors = await embedder.embed(batch.map((passage) => passage.text));
    if (!vectors || vectors.length !== batch.length) return null;
    const fresh: StoredVector[] = batch.map((passage, index) => ({
      document: passage.chunk.document,
      contentHash: passage.contentHash,
      model,
      vector: vectors[index] ?? [],
    }));
    if (fresh.some((entry) => !isVector(entry.vector))) return null;
    await storeVectors(db, tenantId, fresh, options.now);
    for (const entry of fresh) known.set(keyOf(entry.document, entry.contentHash), entry.vector);
  }

  const result = new Map<string, number[]>();
  for (const passage of passages) {
    const vector = known.get(keyOf(passage.chunk.document, passage.contentHash));
    if (!vector) return null;
    result.set(passage.chunk.id, vector);
  }
  const dimensions = new Set([...result.values()].map((vector) => vector.length));
  if (dimensions.size <= 1) return result;
  // The model's vectors changed size: start over, so the next build embeds every passage alike.
  await deleteVectors(
    db,
    tenantId,
    passages.map((passage) => ({
      document: passage.chunk.document,
      contentHash: passage.contentHash,
      model,
    })),
  );
  return null;
}

function isVector(value: number[]): boolean {
  return value.length > 0 && value.every((number) => Number.isFinite(number));
}
