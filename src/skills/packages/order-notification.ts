/**
 * The customer's notice that an order was paid: one outbound text queued in the outbox of the
 * conversation the order was placed in (or the contact's latest one), in the conversation's language,
 * inside the caller's transaction — so the notice is queued exactly when the order turns paid. The
 * outbox delivers it like any reply.
 */
import { queueOutboundText } from '../../storage/repositories/outbox.ts';
import { z } from 'zod';
import type { Transaction } from 'kysely';
import { parseJsonWith } from '../../core/json.ts';
import { formatMoney } from '../../dialogue/format.ts';
import { createTemplateRenderer } from '../../dialogue/templates.ts';
import type { Database } from '../../storage/schema.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Locale } from '../skill.ts';
import type { Order } from './order.ts';
import { packagesTemplates } from './templates.ts';

const stateLocale = z.object({ locale: z.enum(['es', 'en']).optional() }).loose();

/** Queues the notice; returns the conversation it went to, or null when the contact has none. */
export async function queuePaidNotice(
  trx: Transaction<Database>,
  tenant: TenantConfig,
  order: Order,
  now: Date,
): Promise<string | null> {
  let query = trx
    .selectFrom('conversations')
    .select(['id', 'connection_id', 'state'])
    .where('tenant_id', '=', tenant.id)
    .where('contact_id', '=', order.contactId);
  query = order.conversationId
    ? query.where('id', '=', order.conversationId)
    : query.orderBy('last_message_at', 'desc').limit(1);
  const conversation = await query.executeTakeFirst();
  if (!conversation) return null;

  const state = parseJsonWith(stateLocale, conversation.state);
  const locale: Locale = (state.ok ? state.value.locale : undefined) ?? tenant.locale;
  const render = createTemplateRenderer(tenant, [{ templates: packagesTemplates }]);
  const text = render(locale, 'packages.paid_notice', {
    total: formatMoney(order.amount, { tenant, locale }),
    order: order.id,
    item: order.description,
  });
  await queueOutboundText(trx, {
    tenantId: tenant.id,
    conversationId: conversation.id,
    contactId: order.contactId,
    connectionId: conversation.connection_id,
    text,
    now,
  });
  return conversation.id;
}
