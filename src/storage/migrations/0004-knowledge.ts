import type { Kysely } from 'kysely';

/**
 * Knowledge documents an admin added or replaced through the API (`/knowledge/documents`). They are laid
 * over the tenant's folder of documents when its knowledge base is built: a stored document with the name
 * of a folder file replaces it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('knowledge_documents')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_documents_pk', ['tenant_id', 'name'])
    .execute();
}
