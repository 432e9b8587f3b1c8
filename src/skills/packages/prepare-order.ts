import { createId } from '../../core/ids.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { NewOrder } from './orders-repository.ts';
import { paymentLink } from './payment-link.ts';
import type { PurchasableItem } from './price-list.ts';

/** The most units of one item a single order may hold. */
export const MAX_QUANTITY = 10;

/** The order to insert for `quantity` units of `item`, with its id and payment link. */
export function prepareOrder(options: {
  tenant: TenantConfig;
  paymentUrlTemplate: string;
  item: PurchasableItem;
  quantity: number;
  contactId: string;
  conversationId: string | null;
  now: Date;
}): NewOrder {
  const { tenant, item, quantity } = options;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
    throw new RangeError(`quantity ${quantity} is not a whole number from 1 to ${MAX_QUANTITY}`);
  const id = createId('ord', options.now);
  const amount = item.price * quantity;
  return {
    id,
    tenantId: tenant.id,
    contactId: options.contactId,
    conversationId: options.conversationId,
    itemKind: item.kind,
    itemId: item.id,
    serviceId: item.serviceId,
    description: item.name,
    quantity,
    amount,
    currency: tenant.currency,
    sessions: item.sessions * quantity,
    paymentUrl: paymentLink(options.paymentUrlTemplate, {
      orderId: id,
      amount,
      currency: tenant.currency,
      tenantId: tenant.id,
      contactId: options.contactId,
    }),
  };
}
