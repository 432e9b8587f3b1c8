import type { Kysely, Transaction } from 'kysely';
import type { DeliveryStatusUpdate } from '../core/messages.ts';
import type { Database } from '../storage/schema.ts';
import { iso } from './time.ts';

const PROGRESS: Record<string, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * The status an outbound message should show after a provider reports `incoming`: statuses only move
 * forward (sent → delivered → read), whatever order the callbacks arrive in; `failed` replaces any status
 * short of `read` and is final.
 */
export function furthestStatus(current: string, incoming: DeliveryStatusUpdate['status']): string {
  if (current === 'failed' || current === 'read') return current;
  if (incoming === 'failed') return 'failed';
  return (PROGRESS[incoming] ?? 0) > (PROGRESS[current] ?? 0) ? incoming : current;
}

/**
 * Records a provider's status report and moves the message forward. A report that arrives before the send
 * call returned (so the message has no provider id yet) is kept and applied when the id is stored.
 */
export async function applyDeliveryStatus(
  db: Kysely<Database>,
  tenantId: string,
  update: DeliveryStatusUpdate,
  now: Date,
): Promise<{ messageId: number | null; status: string | null }> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('delivery_statuses')
      .values({
        tenant_id: tenantId,
        connection_id: update.connectionId,
        provider_message_id: update.providerMessageId,
        status: update.status,
        error_code: update.error?.code ?? null,
        error_message: update.error?.message.slice(0, 500) ?? null,
        occurred_at: update.at ? iso(update.at) : null,
        received_at: iso(now),
      })
      .execute();
    return reconcileDeliveryStatus(trx, tenantId, update.connectionId, update.providerMessageId, now);
  });
}

/** Applies every stored report for a provider message id to its outbound message, if it exists yet. */
export async function reconcileDeliveryStatus(
  trx: Transaction<Database> | Kysely<Database>,
  tenantId: string,
  connectionId: string,
  providerMessageId: string,
  now: Date,
): Promise<{ messageId: number | null; status: string | null }> {
  const message = await trx
    .selectFrom('messages')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('connection_id', '=', connectionId)
    .where('direction', '=', 'out')
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
  if (!message) return { messageId: null, status: null };
  const reports = await trx
    .selectFrom('delivery_statuses')
    .select(['status', 'error_code', 'error_message'])
    .where('tenant_id', '=', tenantId)
    .where('connection_id', '=', connectionId)
    .where('provider_message_id', '=', providerMessageId)
    .orderBy('id')
    .execute();
  let status = message.status;
  let error: { code: string | null; message: string | null } | undefined;
  for (const report of reports) {
    const next = furthestStatus(status, report.status as DeliveryStatusUpdate['status']);
    if (next === 'failed' && status !== 'failed')
      error = { code: report.error_code, message: report.error_message };
    status = next;
  }
  if (status !== message.status) {
    await trx
      .updateTable('messages')
      .set({
        status,
        updated_at: iso(now),
        ...(error ? { error_code: error.code ?? 'failed', error_message: error.message } : {}),
      })
      .where('id', '=', message.id)
      .execute();
  }
  return { messageId: message.id, status };
}
