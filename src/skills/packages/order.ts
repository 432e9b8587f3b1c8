/** An order as the packages skill sees it: what was bought, for how much, and whether it is paid. */
export const ORDER_STATUSES = ['pending', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ITEM_KINDS = ['package', 'service'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface Order {
  id: string;
  tenantId: string;
  contactId: string;
  conversationId: string | null;
  itemKind: ItemKind;
  itemId: string;
  serviceId: string;
  description: string;
  quantity: number;
  amount: number;
  currency: string;
  sessions: number;
  status: OrderStatus;
  paymentUrl: string;
  paidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
