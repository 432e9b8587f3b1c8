/**
 * Sessions a contact has left, per service: the sessions of their paid orders minus the appointments of
 * that service that used one since the first of those orders was placed: appointments that have started
 * and were not cancelled, and cancellations inside the paid-cancellation window (they cost a session). An
 * appointment booked but not yet started does not count until it starts.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { Order } from './order.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface SessionBalance {
  serviceId: string;
  bought: number;
  used: number;
  left: number;
  /** The latest expiry of the paid packages of this service; null when none has one. */
  validUntil: Date | null;
}

/** `months` after `date`, on the same day of the month or the month's last day. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * The balances of the services the contact paid sessions of, in the order first bought. `validityMonths`
 * gives a package's validity by its id (packages no longer in the business file have none).
 */
export async function sessionBalances(
  db: Executor,
  orders: readonly Order[],
  now: Date,
  validityMonths: (packageId: string) => number | null,
): Promise<SessionBalance[]> {
  const paid = orders.filter((order) => order.status === 'paid');
  const byService = new Map<string, Order[]>();
  for (const order of paid)
    byService.set(order.serviceId, [...(byService.get(order.serviceId) ?? []), order]);

  const balances: SessionBalance[] = [];
  for (const [serviceId, serviceOrders] of byService) {
    const first = serviceOrders[0]!;
    const used = await usedSessions(db, first, serviceId, now);
    const bought = serviceOrders.reduce((sum, order) => sum + order.sessions, 0);
    const expiries = serviceOrders.flatMap((order) => {
      const months = order.itemKind === 'package' ? validityMonths(order.itemId) : null;
      return months === null || order.paidAt === null ? [] : [addMonths(order.paidAt, months)];
    });
    balances.push({
      serviceId,
      bought,
      used,
      left: Math.max(0, bought - used),
      validUntil:
        expiries.length === 0 ? null : new Date(Math.max(...expiries.map((date) => date.getTime()))),
    });
  }
  return balances;
}

async function usedSessions(db: Executor, since: Order, serviceId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('appointments')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('tenant_id', '=', since.tenantId)
    .where('contact_id', '=', since.contactId)
    .where('service_id', '=', serviceId)
    .where('start_at', '>=', since.createdAt.toISOString())
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '!=', 'cancelled'), eb('start_at', '<=', now.toISOString())]),
        eb('late_cancellation', '=', 1),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
