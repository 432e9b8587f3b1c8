/**
 * The admin API's view of orders, for `GET /api/v1/tenants/{tenant}/orders?contactId=&status=` and the
 * payment callback: the query's schema and the shape of each item, with times on the tenant's clock.
 */
import { z } from 'zod';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import { ITEM_KINDS, ORDER_STATUSES, type Order } from './order.ts';
import type { OrderFilters } from './orders-repository.ts';

export const orderListQuerySchema = z.object({
  contactId: z.string().min(1, 'must not be empty — give a contact id or leave it out').optional(),
  status: z.enum(ORDER_STATUSES, { error: `must be one of: ${ORDER_STATUSES.join(', ')}` }).optional(),
});

export type OrderListQuery = z.infer<typeof orderListQuerySchema>;

export function toOrderFilters(query: OrderListQuery): OrderFilters {
  return { contactId: query.contactId, status: query.status };
}

export const apiOrderSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  conversationId: z.string().nullable(),
  itemKind: z.enum(ITEM_KINDS),
  itemId: z.string(),
  serviceId: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  amount: z.number(),
  currency: z.string(),
  sessions: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  paymentUrl: z.string(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
});

export type ApiOrder = z.infer<typeof apiOrderSchema>;

export function toApiOrder(order: Order, timezone: string): ApiOrder {
  return {
    id: order.id,
    contactId: order.contactId,
    conversationId: order.conversationId,
    itemKind: order.itemKind,
    itemId: order.itemId,
    serviceId: order.serviceId,
    description: order.description,
    quantity: order.quantity,
    amount: order.amount,
    currency: order.currency,
    sessions: order.sessions,
    status: order.status,
    paymentUrl: order.paymentUrl,
    paidAt: order.paidAt === null ? null : formatInstant(order.paidAt, timezone),
    createdAt: formatInstant(order.createdAt, timezone),
  };
}
