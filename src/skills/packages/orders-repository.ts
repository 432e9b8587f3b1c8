/**
 * Orders in the database. Every read and change is limited to one tenant; `markOrderPaid` changes a
 * pending order only, so a payment callback repeated by the provider changes nothing the second time.
 * Each function accepts the database or a transaction (a turn's commit, the callback's transaction).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, OrderRow } from '../../storage/schema.ts';
import type { ItemKind, Order, OrderStatus } from './order.ts';

type Executor = Kysely<Database> | Transaction<Database>;

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    contactId: row.contact_id,
    conversationId: row.conversation_id,
    itemKind: row.item_kind as ItemKind,
    itemId: row.item_id,
    serviceId: row.service_id,
    description: row.description,
    quantity: Number(row.quantity),
    amount: Number(row.amount),
    currency: row.currency,
    sessions: Number(row.sessions),
    status: row.status as OrderStatus,
    paymentUrl: row.payment_url,
    paidAt: row.paid_at === null ? null : new Date(row.paid_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** An order to insert: everything but what the insert itself sets (status, payment and timestamps). */
export type NewOrder = Omit<Order, 'status' | 'paidAt' | 'createdAt' | 'updatedAt'>;

/** Inserts a `pending` order. */
export async function insertOrder(db: Executor, order: NewOrder, now: Date): Promise<Order> {
  const at = now.toISOString();
  const row = await db
    .insertInto('orders')
    .values({
      id: order.id,
      tenant_id: order.tenantId,
      contact_id: order.contactId,
      conversation_id: order.conversationId,
      item_kind: order.itemKind,
      item_id: order.itemId,
      service_id: order.serviceId,
      description: order.description,
      quantity: order.quantity,
      amount: order.amount,
      currency: order.currency,
      sessions: order.sessions,
      status: 'pending',
      payment_url: order.paymentUrl,
      paid_at: null,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrder(row);
}

export interface OrderFilters {
  contactId?: string | undefined;
  status?: OrderStatus | undefined;
}

/** The tenant's orders, oldest first. */
export async function listOrders(
  db: Executor,
  tenantId: string,
  filters: OrderFilters = {},
): Promise<Order[]> {
  let query = db.selectFrom('orders').selectAll().where('tenant_id', '=', tenantId);
  if (filters.contactId !== undefined) query = query.where('contact_id', '=', filters.contactId);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map(toOrder);
}

export async function findOrder(db: Executor, tenantId: string, orderId: string): Promise<Order | undefined> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

/**
 * Marks a pending order paid. `changed` is false when it was not pending (already paid, or cancelled):
 * then nothing was written. Undefined when the tenant has no such order.
 */
export async function markOrderPaid(
  db: Executor,
  tenantId: string,
  orderId: string,
  now: Date,
): Promise<{ order: Order; changed: boolean } | undefined> {
  const at = now.toISOString();
  const updated = await db
    .updateTable('orders')
    .set({ status: 'paid', paid_at: at, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (updated) return { order: toOrder(updated), changed: true };
  const order = await findOrder(db, tenantId, orderId);
  return order ? { order, changed: false } : undefined;
}
