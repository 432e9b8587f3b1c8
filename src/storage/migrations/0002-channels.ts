import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';

/** Provider channels: the webhook log, the history of delivery statuses, and opt-outs on contacts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  const autoId = postgres ? ('bigserial' as const) : ('integer' as const);

  await db.schema
    .createTable('webhook_log')
    .addColumn('id', autoId, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_log_tenant_time')
    .on('webhook_log')
    .columns(['tenant_id', 'received_at'])
    .execute();

  // Every status a provider reported, in arrival order; the message keeps the furthest one.
  await db.schema
    .createTable('delivery_statuses')
    .addColumn('id', autoId, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('occurred_at', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('delivery_statuses_message')
    .on('delivery_statuses')
    .columns(['tenant_id', 'connection_id', 'provider_message_id'])
    .execute();

  await db.schema.alterTable('contacts').addColumn('opted_out_at', 'text').execute();
}
