/** The knowledge documents an admin added through the API, kept in `knowledge_documents` (migration 0004). */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { KnowledgeDocument } from './chunk-documents.ts';

export interface StoredDocument extends KnowledgeDocument {
  updatedAt: string;
}

/** Names and change times only: enough to tell whether anything changed since the last look. */
export async function storedDocumentVersions(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ name: string; updatedAt: string }[]> {
  const rows = await db
    .selectFrom('knowledge_documents')
    .select(['name', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ name: row.name, updatedAt: row.updated_at }));
}

export async function listStoredDocuments(db: Kysely<Database>, tenantId: string): Promise<StoredDocument[]> {
  const rows = await db
    .selectFrom('knowledge_documents')
    .select(['name', 'content', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ name: row.name, content: row.content, updatedAt: row.updated_at }));
}

/**
 * Adds or replaces a document. Its `updated_at` is later than the previous one's even within the same
 * millisecond, so that every process notices the change.
 */
export async function storeDocument(
  db: Kysely<Database>,
  tenantId: string,
  document: KnowledgeDocument,
  now: Date,
): Promise<{ replaced: boolean; updatedAt: string }> {
  return db.transaction().execute(async (transaction) => {
    const previous = await transaction
      .selectFrom('knowledge_documents')
      .select('updated_at')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', document.name)
      .executeTakeFirst();
    const after = previous ? Date.parse(previous.updated_at) + 1 : 0;
    const updatedAt = new Date(Math.max(now.getTime(), after)).toISOString();
    await transaction
      .insertInto('knowledge_documents')
      .values({ tenant_id: tenantId, name: document.name, content: document.content, updated_at: updatedAt })
      .onConflict((conflict) =>
        conflict
          .columns(['tenant_id', 'name'])
          .doUpdateSet({ content: document.content, updated_at: updatedAt }),
      )
      .execute();
    return { replaced: previous !== undefined, updatedAt };
  });
}

/** False when no stored document has that name. */
export async function deleteStoredDocument(
  db: Kysely<Database>,
  tenantId: string,
  name: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('knowledge_documents')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
