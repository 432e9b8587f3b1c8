/** Orders of the packages skill: the listing, and the payment provider's "paid" callback. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import { confirmPayment } from '../../skills/packages/confirm-payment.ts';
import {
  apiOrderSchema,
  orderListQuerySchema,
  toApiOrder,
  toOrderFilters,
} from '../../skills/packages/orders-api.ts';
import { listOrders } from '../../skills/packages/orders-repository.ts';
import { requireTenant } from '../auth.ts';
import { errorBody, errorResponses, tenantParams } from './admin-schemas.ts';

const orderParams = tenantParams.extend({ id: z.string().min(1).max(100) });

const paidResponse = z.object({
  order: apiOrderSchema,
  changed: z
    .boolean()
    .describe('False when the order was already paid: the callback was a repeat and changed nothing.'),
  notified: z.boolean().describe('Whether a notice to the customer was queued by this call.'),
});

export function orderRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  return async (app) => {
    app.get(
      '/tenants/:tenant/orders',
      {
        schema: {
          tags: ['orders'],
          summary: "List the tenant's orders, oldest first",
          params: tenantParams,
          querystring: orderListQuerySchema,
          response: { 200: z.object({ orders: z.array(apiOrderSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const orders = await listOrders(db, tenant.id, toOrderFilters(request.query));
        return { orders: orders.map((order) => toApiOrder(order, tenant.timezone)) };
      },
    );

    app.post(
      '/tenants/:tenant/orders/:id/paid',
      {
        schema: {
          tags: ['orders'],
          summary: 'Mark an order paid (the payment provider’s callback)',
          description:
            'Marks a pending order paid and queues a message telling the customer, in one transaction. ' +
            'Idempotent: calling it again for a paid order changes nothing and sends nothing. A ' +
            'cancelled order cannot be paid (409).',
          params: orderParams,
          response: { 200: paidResponse, ...errorResponses, 409: errorBody },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const { id } = request.params;
        const result = await confirmPayment(db, tenant, id, orquesta.clock.now());
        if (!result) {
          throw new OrquestaError(
            'not_found',
            `order "${id}" does not exist in tenant "${tenant.id}" — list them with GET /api/v1/tenants/${tenant.id}/orders`,
          );
        }
        if (result.order.status === 'cancelled') {
          throw new OrquestaError(
            'conflict',
            `order "${id}" of tenant "${tenant.id}" was cancelled — it cannot be paid; create a new order`,
          );
        }
        request.log.info({ tenant: tenant.id, orderId: id, changed: result.changed }, 'order paid');
        return {
          order: toApiOrder(result.order, tenant.timezone),
          changed: result.changed,
          notified: result.notifiedConversationId !== null,
        };
      },
    );
  };
}
