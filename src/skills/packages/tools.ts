/** The packages skill's tools, for flows and an LLM agent alike (see `../tool.ts`). */
import { z } from 'zod';
import type { Tool } from '../tool.ts';
import type { Order } from './order.ts';
import { insertOrder, listOrders } from './orders-repository.ts';
import { MAX_QUANTITY, prepareOrder } from './prepare-order.ts';
import type { PurchasableItem } from './price-list.ts';
import { sessionBalances, type SessionBalance } from './sessions-left.ts';

export interface PackagesToolsOptions {
  items: readonly PurchasableItem[];
  paymentUrlTemplate: string;
  /** A package's validity by id; null when it has none. */
  validityMonths(packageId: string): number | null;
}

export function createPackagesTools(options: PackagesToolsOptions) {
  const listPrices: Tool<Record<string, never>, PurchasableItem[]> = {
    name: 'list_prices',
    description: 'Lists the packages and single sessions for sale, with their prices and sessions.',
    input: z.object({}).strict() as z.ZodType<Record<string, never>>,
    execute: async () => [...options.items],
  };

  const createOrder: Tool<{ item: string; quantity: number }, Order> = {
    name: 'create_order',
    mutates: true,
    description:
      'Creates a pending order for a package or sessions and returns it with its payment link. Write it only after the customer confirmed.',
    input: z.object({
      item: z.enum(options.items.map((item) => item.key) as [string, ...string[]]),
      quantity: z.number().int().min(1).max(MAX_QUANTITY),
    }),
    async execute(input, context) {
      const item = options.items.find((candidate) => candidate.key === input.item)!;
      const order = prepareOrder({
        tenant: context.tenant,
        paymentUrlTemplate: options.paymentUrlTemplate,
        item,
        quantity: input.quantity,
        contactId: context.contactId,
        conversationId: context.conversationId ?? null,
        now: context.now,
      });
      return insertOrder(context.db, order, context.now);
    },
  };

  const purchaseHistory: Tool<Record<string, never>, { orders: Order[]; sessions: SessionBalance[] }> = {
    name: 'purchase_history',
    description: "The customer's orders and the sessions they have left per service.",
    input: z.object({}).strict() as z.ZodType<Record<string, never>>,
    async execute(_input, context) {
      const orders = await listOrders(context.db, context.tenant.id, { contactId: context.contactId });
      const sessions = await sessionBalances(context.db, orders, context.now, options.validityMonths);
      return { orders, sessions };
    },
  };

  return { listPrices, createOrder, purchaseHistory };
}
