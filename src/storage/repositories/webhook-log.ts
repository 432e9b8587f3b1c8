import type { Insertable, Kysely } from 'kysely';
import type { Database, WebhookLogTable } from '../schema.ts';

export async function recordWebhook(db: Kysely<Database>, entry: Insertable<WebhookLogTable>): Promise<void> {
  await db.insertInto('webhook_log').values(entry).execute();
}

/** Deletes log entries received before `before`; returns how many. */
export async function pruneWebhookLog(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_log')
    .where('received_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface WebhookLogFilter {
  connectionId?: string;
  status?: number;
  /** Only failures (status ≥ 400). */
  failed?: boolean;
  since?: string;
  beforeId?: number;
  limit: number;
}

/** The tenant's webhook log, newest first. */
export async function listWebhookLog(db: Kysely<Database>, tenantId: string, filter: WebhookLogFilter) {
  let query = db.selectFrom('webhook_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.status !== undefined) query = query.where('status_code', '=', filter.status);
  if (filter.failed) query = query.where('status_code', '>=', 400);
  if (filter.since) query = query.where('received_at', '>=', filter.since);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      connectionId: row.connection_id,
      channel: row.channel,
      method: row.method,
      receivedAt: row.received_at,
      eventTypes: JSON.parse(row.event_types) as string[],
      status: row.status_code,
      error: row.error,
      durationMs: row.duration_ms,
      payload: row.payload === '' ? null : (JSON.parse(row.payload) as unknown),
    })),
    nextBeforeId: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
