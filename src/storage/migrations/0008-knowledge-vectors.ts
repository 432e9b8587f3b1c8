import type { Kysely } from 'kysely';

/**
 * Embedding vectors of knowledge passages, for hybrid knowledge search. A vector is kept by tenant,
 * document, the sha256 of the passage text it was computed from and the embedding model, so a passage
 * whose text did not change is never embedded again, even after a restart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('knowledge_vectors')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('dimensions', 'integer', (c) => c.notNull())
    .addColumn('vector', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_vectors_pk', ['tenant_id', 'document', 'content_hash', 'model'])
    .execute();
}
