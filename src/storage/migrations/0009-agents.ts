import { sql, type Kysely } from 'kysely';

/**
 * Agents of the inbox: the tokens created for them through the admin API (only a SHA-256 of each is
 * kept, unique so that a token names one agent) and their availability switch (no row: switched on).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agent_tokens_agent')
    .on('agent_tokens')
    .columns(['tenant_id', 'agent_id'])
    .execute();

  await db.schema
    .createTable('agent_status')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('available', 'integer', (c) => c.notNull().check(sql`available in (0, 1)`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_status_pk', ['tenant_id', 'agent_id'])
    .execute();
}
