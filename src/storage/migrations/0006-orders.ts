import { sql, type Kysely } from 'kysely';

/**
 * Orders of packages and single sessions, bought in a conversation and paid through a payment link. An
 * order goes `pending` → `paid` (the payment provider's callback) or `cancelled`; `paid_at` is set once.
 * `service_id` is the service the sessions are of, so sessions left survive a package renamed or removed
 * from the business file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('item_kind', 'text', (c) => c.notNull().check(sql`item_kind in ('package', 'service')`))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('amount', 'double precision', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull().check(sql`sessions > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'paid', 'cancelled')`))
    .addColumn('payment_url', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('orders_contact_created')
    .on('orders')
    .columns(['tenant_id', 'contact_id', 'created_at'])
    .execute();
}
