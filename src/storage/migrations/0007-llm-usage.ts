import { sql, type Kysely } from 'kysely';

/**
 * One row per language-model call: what it was for, which model, tokens, cost and how it went. `day` is the
 * calendar day of the call in the tenant's time zone, so daily totals and the daily token budget group by
 * a plain column on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('llm_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text')
    .addColumn('turn_key', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('tokens_in', 'integer', (c) => c.notNull().check(sql`tokens_in >= 0`))
    .addColumn('tokens_out', 'integer', (c) => c.notNull().check(sql`tokens_out >= 0`))
    .addColumn('cost', 'double precision', (c) => c.notNull().check(sql`cost >= 0`))
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('ok', 'error', 'rejected')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('llm_calls_tenant_day').on('llm_calls').columns(['tenant_id', 'day']).execute();
}
