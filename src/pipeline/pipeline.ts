import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { ChannelCapabilities, DeliverMessage } from '../core/delivery.ts';
import { OrquestaError } from '../core/errors.ts';
import type { ContactEvent, DeliveryStatusUpdate, InboundMessage } from '../core/messages.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { DialectName } from '../storage/dialect.ts';
import type { Database } from '../storage/schema.ts';
import { applyContactEvent } from './contact-events.ts';
import { createConversationLeases } from './conversation-leases.ts';
import { applyDeliveryStatus } from './delivery-status.ts';
import { ingestMessage, type IngestResult } from './inbox.ts';
import { createOutboxSender } from './outbox-sender.ts';
import type { MediaUnderstander } from './media-text.ts';
import { createTurnRunner, type TenantRuntime } from './turn-runner.ts';
import { createWakeLoop } from './wake-loop.ts';

export interface PipelineOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tenants: ReadonlyMap<string, TenantRuntime>;
  deliver: DeliverMessage;
  channelOf: (tenantId: string, connectionId: string) => string;
  capabilitiesOf: (tenantId: string, connectionId: string) => ChannelCapabilities;
  showTyping?: (
    tenantId: string,
    connectionId: string,
    target: { to: string; providerMessageId: string },
  ) => Promise<void>;
  /** This process's name on leases; unique per process. */
  owner: string;
  /** How long a claimed conversation stays ours without renewal (a crashed process's work resumes after it). */
  leaseMs?: number;
  /** Upper bound on how long new work written by another process waits to be noticed. */
  pollMs?: number;
  /** Turns run at once, across conversations. */
  concurrency?: number;
  beforeCommit?: (turnId: string) => Promise<void>;
  understandMedia?: MediaUnderstander;
  outbox?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export type Pipeline = ReturnType<typeof createPipeline>;

/**
 * The path of a message after its channel parsed it: the durable inbox, one turn at a time per
 * conversation, and the outbox. `start()` begins processing (resuming whatever a previous run left).
 * `events` emits `turn-committed` (a TurnRunResult) and `delivery-attempted` (a DeliveryAttempt).
 */
export function createPipeline(options: PipelineOptions) {
  const { db, clock, logger } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const concurrency = options.concurrency ?? 8;
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const leases = createConversationLeases(db, options.dialect, options.owner, leaseMs);
  const runTurn = createTurnRunner({
    db,
    owner: options.owner,
    clock,
    logger,
    metrics: options.metrics,
    tenants: options.tenants,
    channelOf: options.channelOf,
    capabilitiesOf: options.capabilitiesOf,
    ...(options.showTyping ? { showTyping: options.showTyping } : {}),
    ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
    ...(options.understandMedia ? { understandMedia: options.understandMedia } : {}),
  });
  const outbox = createOutboxSender({
    db,
    clock,
    logger,
    metrics: options.metrics,
    deliver: options.deliver,
    channelOf: options.channelOf,
    ...options.outbox,
    onAttempt: (attempt) => {
      events.emit('delivery-attempted', attempt);
      // A message sent or failed for good may unblock the next one of its conversation.
      senderLoop.wake();
    },
  });
  const running = new Set<Promise<void>>();

  const workerLoop = createWakeLoop(
    'conversation-worker',
    async () => {
      const claimed = await leases.claimDue(clock.now(), concurrency - running.size);
      for (const conversationId of claimed) track(conversationId);
      return leases.nextDueAt(clock.now());
    },
    { pollMs, logger, now: () => clock.now() },
  );
  const senderLoop = createWakeLoop(
    'outbox-sender',
    async () => {
      await outbox.sendDue();
      return outbox.nextDueAt();
    },
    { pollMs, logger, now: () => clock.now() },
  );
  let renewTimer: NodeJS.Timeout | undefined;

  function track(conversationId: string): void {
    const work = runTurn(conversationId)
      .then((result) => {
        if (result.committed) {
          events.emit('turn-committed', result);
          senderLoop.wake();
        }
      })
      .catch((error: unknown) => logger.error({ err: error, conversationId }, 'turn crashed'))
      .finally(() => {
        leases.release(conversationId);
        running.delete(work);
        workerLoop.wake();
      });
    running.add(work);
  }

  async function ingest(tenantId: string, message: InboundMessage): Promise<IngestResult> {
    const tenant = options.tenants.get(tenantId);
    if (!tenant) throw new OrquestaError('not_found', `tenant "${tenantId}" does not exist`);
    const result = await ingestMessage(db, {
      tenantId,
      message,
      debounceMs: tenant.debounceMs,
      now: clock.now(),
    });
    if (!result.duplicate) {
      options.metrics.messagesReceived.inc({
        tenant: tenantId,
        channel: options.channelOf(tenantId, message.connectionId),
      });
      logger.info(
        {
          tenant: tenantId,
          conversationId: result.conversationId,
          messageId: result.messageId,
          traceId: result.traceId,
        },
        'message received',
      );
      workerLoop.wake();
    }
    return result;
  }

  /** Records a provider's delivery status for one of our messages (out-of-order safe). */
  async function applyStatus(tenantId: string, update: DeliveryStatusUpdate) {
    return applyDeliveryStatus(db, tenantId, update, clock.now());
  }

  /** Records a contact's opt-in or opt-out. */
  async function recordContactEvent(tenantId: string, event: ContactEvent) {
    return applyContactEvent(db, tenantId, event, clock.now());
  }

  /** Resolves with the id of the turn that consumed the message, once it has committed. */
  async function waitForTurn(messageId: number, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await db
        .selectFrom('messages')
        .select(['turn_id', 'processed_at', 'status'])
        .where('id', '=', messageId)
        .executeTakeFirst();
      if (!row) throw new OrquestaError('not_found', `message ${messageId} no longer exists`);
      if (row.processed_at && row.turn_id) return row.turn_id;
      if (row.processed_at)
        throw new OrquestaError('internal', `message ${messageId} could not be processed`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new OrquestaError(
          'timeout',
          `message ${messageId} was stored but its turn did not finish in time`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 100));
        events.once('turn-committed', done);
        function done() {
          clearTimeout(timer);
          events.off('turn-committed', done);
          resolve();
        }
      });
    }
  }

  return {
    events,
    ingest,
    applyStatus,
    recordContactEvent,
    waitForTurn,
    /** Look for due work now instead of at the next poll (after a clock change in tests, say). */
    wake() {
      workerLoop.wake();
      senderLoop.wake();
    },
    start() {
      workerLoop.start();
      senderLoop.start();
      renewTimer = setInterval(
        () => {
          leases
            .renew(clock.now())
            .catch((error: unknown) => logger.error({ err: error }, 'lease renewal failed'));
        },
        Math.max(100, Math.floor(leaseMs / 3)),
      );
      renewTimer.unref();
    },
    async stop() {
      clearInterval(renewTimer);
      await workerLoop.stop();
      await Promise.allSettled([...running]);
      await senderLoop.stop();
      await outbox.idle();
    },
  };
}
