/**
 * Tells agents about hand-offs after they are committed: each hand-off not yet notified is claimed (its
 * `notified_at` set) and, when the tenant has a `notifyWebhookUrl`, POSTed there. At most once: a failed
 * call is logged, not retried (the `conversation-escalated` event and the queue API remain the record).
 */
import type { Kysely } from 'kysely';
import type { Logger } from '../../observability/logger.ts';
import type { Database } from '../../storage/schema.ts';
import type { HandoffSettings } from './settings.ts';

export interface AgentNotifierOptions {
  db: Kysely<Database>;
  /** The hand-off settings of each tenant that enabled the skill, by tenant id. */
  settings: ReadonlyMap<string, HandoffSettings>;
  logger: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What the webhook receives: ids only, never the customer's messages. */
export interface HandoffNotification {
  type: 'handoff';
  tenantId: string;
  handoffId: string;
  conversationId: string;
  contactId: string;
  reason: string;
  status: 'queued' | 'assigned';
  agent: { id: string; name: string; phone: string | null } | null;
  createdAt: string;
}

/** Notifies every committed hand-off not notified yet; returns how many were sent to a webhook. */
export async function notifyPendingHandoffs(options: AgentNotifierOptions, now: Date): Promise<number> {
  const { db, logger } = options;
  const send = options.fetch ?? fetch;
  const pending = await db
    .selectFrom('handoffs')
    .selectAll()
    .where('notified_at', 'is', null)
    .where('status', '<>', 'released')
    .orderBy('created_at')
    .limit(50)
    .execute();
  let sent = 0;
  for (const handoff of pending) {
    const claimed = await db
      .updateTable('handoffs')
      .set({ notified_at: now.toISOString() })
      .where('id', '=', handoff.id)
      .where('notified_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const settings = options.settings.get(handoff.tenant_id);
    if (!settings?.notifyWebhookUrl) continue;
    const agent = settings.agents.find((candidate) => candidate.id === handoff.agent_id);
    const notification: HandoffNotification = {
      type: 'handoff',
      tenantId: handoff.tenant_id,
      handoffId: handoff.id,
      conversationId: handoff.conversation_id,
      contactId: handoff.contact_id,
      reason: handoff.reason,
      status: handoff.status === 'assigned' ? 'assigned' : 'queued',
      agent: agent ? { id: agent.id, name: agent.name, phone: agent.phone ?? null } : null,
      createdAt: handoff.created_at,
    };
    try {
      const response = await send(settings.notifyWebhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
      sent++;
    } catch (error) {
      logger.warn(
        { err: error, tenant: handoff.tenant_id, handoffId: handoff.id },
        'agent notification webhook failed; the hand-off stays in the queue API',
      );
    }
  }
  return sent;
}
