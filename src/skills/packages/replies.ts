/** The skill's answers that are not a flow: the price list and the purchase history. */
import type { Kysely } from 'kysely';
import { formatDate, formatMoney } from '../../dialogue/format.ts';
import type { Database } from '../../storage/schema.ts';
import type { BusinessData } from '../appointments/business-data.ts';
import { findService } from '../appointments/business-data.ts';
import type { TurnContext } from '../skill.ts';
import type { Order } from './order.ts';
import { listOrders } from './orders-repository.ts';
import type { PurchasableItem } from './price-list.ts';
import { sessionBalances } from './sessions-left.ts';

function itemLine(context: TurnContext, item: PurchasableItem): string {
  const price = formatMoney(item.price, context);
  return item.kind === 'package'
    ? context.render('packages.package_line', {
        name: item.name,
        price,
        sessions: item.sessions,
        months: item.validityMonths ?? 0,
      })
    : context.render('packages.session_line', { name: item.name, price });
}

/**
 * The prices of what is for sale, with a "Comprar" button; only those of a service when the message
 * names one ("cuánto cuesta la limpieza facial"), or that service's own price when it is not for sale.
 */
export function sayPriceList(
  context: TurnContext,
  data: BusinessData,
  items: readonly PurchasableItem[],
): void {
  const named = context.understanding.entities.find((entity) => entity.entity === 'service')?.value;
  const service = typeof named === 'string' ? findService(data, named) : undefined;
  const shown = service ? items.filter((item) => item.serviceId === service.id) : items;
  if (service && shown.length === 0) {
    const price = formatMoney(service.price, context);
    context.say(service.price === 0 ? 'packages.free_service' : 'packages.service_price', {
      service: service.name,
      price,
    });
    return;
  }
  if (shown.length === 0) return context.say('packages.nothing_for_sale');
  const lines = shown.map((item) => itemLine(context, item)).join('\n');
  context.say('packages.price_list', { lines }, [
    { id: 'pagar_servicio', title: context.render('packages.button_buy') },
  ]);
}

function orderLine(context: TurnContext, order: Order): string {
  const variables = { item: order.description, total: formatMoney(order.amount, context) };
  if (order.status === 'paid')
    return context.render('packages.order_line_paid', {
      ...variables,
      date: formatDate(order.paidAt ?? order.updatedAt, context),
    });
  const date = formatDate(order.createdAt, context);
  if (order.status === 'cancelled')
    return context.render('packages.order_line_cancelled', { ...variables, date });
  return context.render('packages.order_line_pending', { ...variables, date, link: order.paymentUrl });
}

/** The contact's orders, and the sessions they have left per service. */
export async function sayHistory(
  context: TurnContext,
  db: Kysely<Database>,
  data: BusinessData,
): Promise<void> {
  const orders = await listOrders(db, context.tenant.id, { contactId: context.contact.id });
  if (orders.length === 0) return context.say('packages.history_empty');
  const balances = await sessionBalances(db, orders, context.now, (packageId) => {
    return data.packages.find((item) => item.id === packageId)?.validityMonths ?? null;
  });
  const sessionLines = balances.map((balance) => {
    const service = findService(data, balance.serviceId)?.name ?? balance.serviceId;
    const variables = { service, left: balance.left, bought: balance.bought };
    return balance.validUntil
      ? context.render('packages.sessions_line_until', {
          ...variables,
          until: formatDate(balance.validUntil, context),
        })
      : context.render('packages.sessions_line', variables);
  });
  const sessions =
    sessionLines.length === 0
      ? context.render('packages.no_sessions')
      : context.render('packages.sessions_header', { lines: sessionLines.join('\n') });
  context.say('packages.history', {
    orders: orders.map((order) => orderLine(context, order)).join('\n'),
    sessions,
  });
}
