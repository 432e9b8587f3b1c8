import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { DeliveryError, type DeliverMessage } from '../core/delivery.ts';
import { parseStoredJson } from '../core/json.ts';
import type { OutboundContent } from '../core/messages.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Database, MessageRow, MessageTable } from '../storage/schema.ts';
import { backoffDelayMs } from './backoff.ts';
import { reconcileDeliveryStatus } from './delivery-status.ts';
import { iso, isoAfter } from './time.ts';

export interface OutboxSenderOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  deliver: DeliverMessage;
  /** The channel kind of a connection, for metrics labels. */
  channelOf: (tenantId: string, connectionId: string) => string;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed message may stay "sending" before another sender may try it again. */
  leaseMs?: number;
  /** Most messages in flight at once (each conversation has at most one). */
  batchSize?: number;
  /** Told the outcome of every attempt, once it is stored. */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

/** The stored outcome of one delivery attempt: sent, queued again for a retry, or failed for good. */
export interface DeliveryAttempt {
  messageId: number;
  conversationId: string;
  attempt: number;
  status: 'sent' | 'queued' | 'failed';
  errorCode?: string;
}

/**
 * Sends queued outbound messages: in order within a conversation (a message waits until every earlier
 * one of its conversation has been sent or has failed for good), in parallel across conversations,
 * with retries and backoff for retryable errors. A permanent failure is recorded with the provider's
 * code and message. Sends run in the background, so a slow provider call holds back only its own
 * conversation; `idle()` waits for them.
 */
export function createOutboxSender(options: OutboxSenderOptions) {
  const { db, clock, logger, metrics } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const inFlight = new Set<Promise<void>>();

  /** A queued message with no earlier message of its conversation still queued or being sent. */
  const headOfConversation = (
    where: ExpressionBuilder<{ m: MessageTable; earlier: MessageTable } & Database, 'm'>,
  ) =>
    where.not(
      where.exists(
        where
          .selectFrom('messages as earlier')
          .select(sql`1`.as('one'))
          .whereRef('earlier.conversation_id', '=', 'm.conversation_id')
          .where('earlier.direction', '=', 'out')
          .whereRef('earlier.id', '<', 'm.id')
          .where('earlier.status', 'in', ['queued', 'sending']),
      ),
    );

  /** Starts sending what is due now; returns how many messages it started. */
  async function sendDue(): Promise<number> {
    const room = batchSize - inFlight.size;
    if (room <= 0) return 0;
    const now = clock.now();
    await db
      .updateTable('messages')
      .set({ status: 'queued', lease_expires_at: null })
      .where('direction', '=', 'out')
      .where('status', '=', 'sending')
      .where('lease_expires_at', '<', iso(now))
      .execute();

    const candidates = await db
      .selectFrom('messages as m')
      .selectAll('m')
      .where('m.direction', '=', 'out')
      .where('m.status', '=', 'queued')
      .where('m.next_attempt_at', '<=', iso(now))
      .where(headOfConversation)
      .orderBy('m.id')
      .limit(room)
      .execute();

    // The lease's expiry doubles as a fencing token: only the holder of this claim may record the outcome.
    const lease = isoAfter(now, leaseMs);
    let started = 0;
    for (const message of candidates) {
      const result = await db
        .updateTable('messages')
        .set({ status: 'sending', lease_expires_at: lease, updated_at: iso(now) })
        .where('id', '=', message.id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) continue;
      started += 1;
      const work: Promise<void> = send(message, lease)
        .catch((error: unknown) => {
          logger.error({ err: error, messageId: message.id }, 'outbox send crashed');
          return null;
        })
        .then((attempt) => {
          // Free the slot first, so that whoever is told can send the next message at once.
          inFlight.delete(work);
          if (attempt) options.onAttempt?.(attempt);
        })
        .catch((error: unknown) => logger.error({ err: error }, 'outbox attempt listener failed'));
      inFlight.add(work);
    }
    return started;
  }

  /** Resolves once every send started so far has stored its outcome. */
  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  /** Sends one claimed message and stores the outcome; null when the claim was lost meanwhile. */
  async function send(message: MessageRow, lease: string): Promise<DeliveryAttempt | null> {
    const interactive = parseStoredJson<Omit<OutboundContent, 'text'>>(message.payload, {});
    const contact = await db
      .selectFrom('contacts')
      .select('external_id')
      .where('id', '=', message.contact_id)
      .executeTakeFirst();
    const lastInbound = await db
      .selectFrom('messages')
      .select(sql<string | null>`max(created_at)`.as('at'))
      .where('conversation_id', '=', message.conversation_id)
      .where('direction', '=', 'in')
      .executeTakeFirst();
    const labels = {
      tenant: message.tenant_id,
      channel: options.channelOf(message.tenant_id, message.connection_id),
    };
    const log = logger.child({
      tenant: message.tenant_id,
      turnId: message.turn_id,
      traceId: message.trace_id,
    });
    const attempt = message.attempts + 1;
    try {
      if (!contact)
        throw new DeliveryError('the contact was erased', { code: 'contact_erased', retryable: false });
      const result = await options.deliver({
        id: message.id,
        tenantId: message.tenant_id,
        connectionId: message.connection_id,
        conversationId: message.conversation_id,
        to: contact.external_id,
        lastInboundAt: lastInbound?.at ? new Date(lastInbound.at) : null,
        text: message.text,
        ...(interactive.buttons ? { buttons: interactive.buttons } : {}),
        ...(interactive.list ? { list: interactive.list } : {}),
        ...(interactive.template ? { template: interactive.template } : {}),
        traceId: message.trace_id,
        turnId: message.turn_id,
      });
      const now = iso(clock.now());
      const stored = await db
        .updateTable('messages')
        .set({
          status: 'sent',
          attempts: attempt,
          provider_message_id: result.providerMessageId ?? null,
          sent_at: now,
          lease_expires_at: null,
          error_code: null,
          error_message: null,
          updated_at: now,
        })
        .where('id', '=', message.id)
        .where('status', '=', 'sending')
        .where('lease_expires_at', '=', lease)
        .executeTakeFirst();
      if (Number(stored.numUpdatedRows) !== 1) return staleOutcome(log, message.id, attempt);
      if (result.providerMessageId) {
        // A status callback may have arrived before the provider's answer to our send call.
        await reconcileDeliveryStatus(
          db,
          message.tenant_id,
          message.connection_id,
          result.providerMessageId,
          clock.now(),
        );
      }
      metrics.messagesSent.inc(labels);
      log.info({ messageId: message.id, attempt }, 'message sent');
      return { messageId: message.id, conversationId: message.conversation_id, attempt, status: 'sent' };
    } catch (error) {
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError((error as Error).message, { code: 'internal', retryable: true, cause: error });
      const now = clock.now();
      const retry = failure.retryable && attempt < maxAttempts;
      const stored = await db
        .updateTable('messages')
        .set({
          status: retry ? 'queued' : 'failed',
          attempts: attempt,
          next_attempt_at: retry
            ? isoAfter(
                now,
                backoffDelayMs(attempt, {
                  baseMs: baseDelayMs,
                  maxMs: maxDelayMs,
                  retryAfterMs: failure.retryAfterMs,
                }),
              )
            : null,
          lease_expires_at: null,
          error_code: failure.code,
          error_message: failure.message.slice(0, 500),
          updated_at: iso(now),
        })
        .where('id', '=', message.id)
        .where('status', '=', 'sending')
        .where('lease_expires_at', '=', lease)
        .executeTakeFirst();
      if (Number(stored.numUpdatedRows) !== 1) return staleOutcome(log, message.id, attempt);
      if (!retry) metrics.messagesFailed.inc(labels);
      log.warn(
        { messageId: message.id, attempt, code: failure.code, retry },
        retry ? 'send failed; will retry' : 'send failed',
      );
      return {
        messageId: message.id,
        conversationId: message.conversation_id,
        attempt,
        status: retry ? 'queued' : 'failed',
        errorCode: failure.code,
      };
    }
  }

  /** The claim expired during the provider call and the message was claimed again: its outcome is not ours. */
  function staleOutcome(log: Logger, messageId: number, attempt: number): null {
    log.warn(
      { messageId, attempt },
      'send outcome discarded: the lease expired and the message was claimed again',
    );
    return null;
  }

  /**
   * When the next message may be sent. Only the head of each conversation counts: a message queued behind
   * one that waits for a retry is not due, and counting it would wake the loop again and again for nothing.
   * Null while every slot is in flight: the next outcome (`onAttempt`) is the moment to look again.
   */
  async function nextDueAt(): Promise<Date | null> {
    if (inFlight.size >= batchSize) return null;
    const row = await db
      .selectFrom('messages as m')
      .select(sql<string | null>`min(m.next_attempt_at)`.as('due'))
      .where('m.direction', '=', 'out')
      .where('m.status', '=', 'queued')
      .where(headOfConversation)
      .executeTakeFirst();
    return row?.due ? new Date(row.due) : null;
  }

  return { sendDue, nextDueAt, idle };
}
