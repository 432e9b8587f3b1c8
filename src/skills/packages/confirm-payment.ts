import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Order } from './order.ts';
import { queuePaidNotice } from './order-notification.ts';
import { markOrderPaid } from './orders-repository.ts';

export interface PaymentConfirmation {
  order: Order;
  /** False when the order was already paid or cancelled: nothing changed and no notice was queued. */
  changed: boolean;
  /** The conversation the notice was queued in; null when none was queued. */
  notifiedConversationId: string | null;
}

/**
 * The payment provider's word that an order is paid, applied in one transaction: the order turns paid,
 * the customer's notice is queued and an `order-paid` event is recorded — all or nothing, and only the
 * first time. Undefined when the tenant has no such order.
 */
export async function confirmPayment(
  db: Kysely<Database>,
  tenant: TenantConfig,
  orderId: string,
  now: Date,
): Promise<PaymentConfirmation | undefined> {
  return db.transaction().execute(async (trx) => {
    const result = await markOrderPaid(trx, tenant.id, orderId, now);
    if (!result) return undefined;
    if (!result.changed) return { ...result, notifiedConversationId: null };
    const notifiedConversationId = await queuePaidNotice(trx, tenant, result.order, now);
    await trx
      .insertInto('events')
      .values({
        tenant_id: tenant.id,
        type: 'order-paid',
        conversation_id: notifiedConversationId,
        contact_id: result.order.contactId,
        turn_id: null,
        data: JSON.stringify({
          orderId: result.order.id,
          amount: result.order.amount,
          currency: result.order.currency,
          notified: notifiedConversationId !== null,
        }),
        created_at: now.toISOString(),
      })
      .execute();
    return { ...result, notifiedConversationId };
  });
}
