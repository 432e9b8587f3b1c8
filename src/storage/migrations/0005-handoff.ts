import { sql, type Kysely } from 'kysely';

/**
 * Hand-offs: a conversation handed to a person, queued until an agent takes it, then assigned, then
 * released back to the bot. Two partial unique indexes keep the rules on both engines, also when two
 * transactions race: a conversation has at most one open hand-off, and an agent holds each of their
 * `agent_slot` numbers (1 … maxConcurrent) in at most one assigned hand-off, so an agent never gets more
 * conversations than allowed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'assigned', 'released')`))
    .addColumn('agent_id', 'text')
    .addColumn('agent_slot', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text')
    .addColumn('released_at', 'text')
    .addColumn('notified_at', 'text')
    .addCheckConstraint(
      'handoffs_assigned_has_agent',
      sql`status <> 'assigned' or (agent_id is not null and agent_slot is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('handoffs_one_open_per_conversation')
    .on('handoffs')
    .column('conversation_id')
    .unique()
    .where(sql.ref('status'), '<>', sql.lit('released'))
    .execute();
  await db.schema
    .createIndex('handoffs_agent_slot')
    .on('handoffs')
    .columns(['tenant_id', 'agent_id', 'agent_slot'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('assigned'))
    .execute();
  await db.schema
    .createIndex('handoffs_tenant_status')
    .on('handoffs')
    .columns(['tenant_id', 'status', 'created_at'])
    .execute();
}
