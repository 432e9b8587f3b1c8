/** The embeddings of knowledge passages, kept in `knowledge_vectors` (migration 0008). */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseJsonWith } from '../../core/json.ts';
import type { Database } from '../../storage/schema.ts';

/** Which vector: the passage's document, the sha256 of its text and the embedding model. */
export interface VectorKey {
  document: string;
  contentHash: string;
  model: string;
}

export interface StoredVector extends VectorKey {
  vector: number[];
}

/** A stored row: its vector, or null when it is of another model or does not parse (to be deleted). */
export interface StoredVectorRow extends VectorKey {
  vector: number[] | null;
}

const vectorSchema = z.array(z.number()).min(1);

/** Rows written at once: well under the parameter limits of SQLite and PostgreSQL. */
const BATCH = 100;

/** The tenant's stored vectors; those of another model than `model` or that do not parse without a value. */
export async function listStoredVectors(
  db: Kysely<Database>,
  tenantId: string,
  model: string,
): Promise<StoredVectorRow[]> {
  const rows = await db
    .selectFrom('knowledge_vectors')
    .select(['document', 'content_hash', 'model', 'dimensions', 'vector'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((row) => {
    const key = { document: row.document, contentHash: row.content_hash, model: row.model };
    if (row.model !== model) return { ...key, vector: null };
    const parsed = parseJsonWith(vectorSchema, row.vector);
    const usable = parsed.ok && parsed.value.length === row.dimensions;
    return { ...key, vector: usable ? parsed.value : null };
  });
}

/** Stores new vectors; a vector another process stored first is kept. */
export async function storeVectors(
  db: Kysely<Database>,
  tenantId: string,
  vectors: readonly StoredVector[],
  now: Date,
): Promise<void> {
  const createdAt = now.toISOString();
  for (let start = 0; start < vectors.length; start += BATCH) {
    await db
      .insertInto('knowledge_vectors')
      .values(
        vectors.slice(start, start + BATCH).map((entry) => ({
          tenant_id: tenantId,
          document: entry.document,
          content_hash: entry.contentHash,
          model: entry.model,
          dimensions: entry.vector.length,
          vector: JSON.stringify(entry.vector),
          created_at: createdAt,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(['tenant_id', 'document', 'content_hash', 'model']).doNothing(),
      )
      .execute();
  }
}

/** Deletes the vectors of passages that changed or of documents that are gone. */
export async function deleteVectors(
  db: Kysely<Database>,
  tenantId: string,
  keys: readonly VectorKey[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    await db
      .deleteFrom('knowledge_vectors')
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or(
          batch.map((key) =>
            eb.and([
              eb('document', '=', key.document),
              eb('content_hash', '=', key.contentHash),
              eb('model', '=', key.model),
            ]),
          ),
        ),
      )
      .execute();
  }
}
