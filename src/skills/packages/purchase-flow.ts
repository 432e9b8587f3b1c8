/**
 * The purchase flow: which package or session → how many → confirm → a `pending` order with its payment
 * link, inserted in the turn's commit.
 */
import type { Button } from '../../core/messages.ts';
import { formatMoney } from '../../dialogue/format.ts';
import type { Flow, SlotValues } from '../../dialogue/flow.ts';
import type { TurnContext } from '../skill.ts';
import { insertOrder } from './orders-repository.ts';
import { MAX_QUANTITY, prepareOrder } from './prepare-order.ts';
import type { PurchasableItem } from './price-list.ts';
import { quantityButtons, readItem, readQuantity } from './purchase-reading.ts';

export interface PurchaseFlowOptions {
  items: readonly PurchasableItem[];
  paymentUrlTemplate: string;
}

export function itemButtons(context: TurnContext, items: readonly PurchasableItem[]): Button[] {
  return items.map((item) => ({
    id: item.key,
    title: context.render('packages.item_button', {
      name: item.name,
      price: formatMoney(item.price, context),
    }),
  }));
}

/** The slots a message gives before the flow starts: the item it names and, then, how many. */
export function initialPurchaseSlots(context: TurnContext, items: readonly PurchasableItem[]): SlotValues {
  const item = readItem(context, items, []);
  if (!item) return {};
  const quantity = readQuantity(context, item);
  return quantity === undefined ? { item: item.key } : { item: item.key, quantity };
}

export function createPurchaseFlow(options: PurchaseFlowOptions): Flow {
  const { items } = options;
  const itemOf = (slots: SlotValues) => items.find((item) => item.key === slots.item);

  return {
    name: 'purchase',
    title: 'packages.flow_purchase',
    slots: [
      {
        name: 'item',
        type: 'choice',
        prompt: 'packages.ask_item',
        options: (context) => itemButtons(context, items),
        extract: (context) => readItem(context, items, itemButtons(context, items))?.key,
      },
      {
        name: 'quantity',
        type: 'number',
        prompt: 'packages.ask_quantity',
        options: () => quantityButtons(),
        extract: (context, slots) => {
          const item = itemOf(slots);
          return item ? readQuantity(context, item) : undefined;
        },
        validate: (value) =>
          typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_QUANTITY
            ? null
            : { template: 'packages.invalid_quantity', variables: { max: MAX_QUANTITY } },
      },
    ],
    confirm: 'packages.confirm',
    cancelled: 'packages.purchase_cancelled',
    variables(context, slots): Record<string, string | number> {
      const item = itemOf(slots);
      if (!item) return {};
      const quantity = typeof slots.quantity === 'number' ? slots.quantity : 1;
      return {
        item: item.name,
        price: formatMoney(item.price, context),
        quantity,
        total: formatMoney(item.price * quantity, context),
      };
    },
    async complete(context, slots) {
      const item = itemOf(slots);
      if (!item || typeof slots.quantity !== 'number')
        throw new Error(`purchase flow completed without its slots: ${JSON.stringify(slots)}`);
      const order = prepareOrder({
        tenant: context.tenant,
        paymentUrlTemplate: options.paymentUrlTemplate,
        item,
        quantity: slots.quantity,
        contactId: context.contact.id,
        conversationId: context.conversation.id,
        now: context.now,
      });
      context.effects.push(async (transaction) => {
        await insertOrder(transaction, order, context.now);
      });
      context.say('packages.ordered', {
        order: order.id,
        total: formatMoney(order.amount, context),
        link: order.paymentUrl,
      });
    },
  };
}
