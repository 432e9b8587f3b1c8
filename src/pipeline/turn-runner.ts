import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { ChannelCapabilities } from '../core/delivery.ts';
import { createId } from '../core/ids.ts';
import { parseStoredJson } from '../core/json.ts';
import type { ConversationStatus } from '../core/messages.ts';
import type { TurnEngine } from '../dialogue/turn-engine.ts';
import type { LlmClient } from '../llm/llm.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConversationState } from '../skills/skill.ts';
import type { Database, MessageRow } from '../storage/schema.ts';
import { burstReadyAt, firstBurst } from './burst.ts';
import type { MediaUnderstander } from './media-text.ts';
import { answerFromMenu } from './numbered-menu.ts';
import { recentHistory } from './recent-history.ts';
import { commitTurn, LeaseLostError } from './turn-commit.ts';
import { iso, isoAfter } from './time.ts';

export interface TenantRuntime {
  id: string;
  debounceMs: number;
  engine: TurnEngine;
  /** The tenant's language model, null without one. */
  llm?: LlmClient | null;
}

export interface TurnRunnerOptions {
  db: Kysely<Database>;
  owner: string;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tenants: ReadonlyMap<string, TenantRuntime>;
  /** The channel kind of a connection, for metrics labels. */
  channelOf: (tenantId: string, connectionId: string) => string;
  /** Shows the customer the bot is typing, when the channel can; called as a turn starts. */
  showTyping?: (
    tenantId: string,
    connectionId: string,
    target: { to: string; providerMessageId: string },
  ) => Promise<void>;
  /** What a connection's channel can show, to adapt replies before they are queued. */
  capabilitiesOf: (tenantId: string, connectionId: string) => ChannelCapabilities;
  /** Called after the engine decided and before the commit; tests use it to stop a process mid-turn. */
  beforeCommit?: (turnId: string) => Promise<void>;
  /** Turns a turn's voice notes and images into text (`createMediaUnderstander`); none by default. */
  understandMedia?: MediaUnderstander;
  /** A turn that fails this many times is recorded as an error and its messages are not retried again. */
  maxAttempts?: number;
}

export type TurnRunResult = { committed: true; turnId: string; messageIds: number[] } | { committed: false };

/** Runs the next turn of a conversation this process holds the lease on. */
export function createTurnRunner(options: TurnRunnerOptions) {
  const { db, owner, clock, logger, metrics } = options;
  const maxAttempts = options.maxAttempts ?? 3;

  return async function runTurn(conversationId: string): Promise<TurnRunResult> {
    const conversation = await db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select([
        'conversations.id',
        'conversations.tenant_id',
        'conversations.status',
        'conversations.state',
        'conversations.connection_id',
        'contacts.id as contact_id',
        'contacts.name as contact_name',
        'contacts.external_id',
      ])
      .where('conversations.id', '=', conversationId)
      .executeTakeFirst();
    const tenant = conversation && options.tenants.get(conversation.tenant_id);
    if (!conversation || !tenant) {
      await releaseLease(conversationId, null);
      return { committed: false };
    }

    const pending = await db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'in')
      .where('processed_at', 'is', null)
      .orderBy('id')
      .execute();
    const burst = firstBurst(pending, tenant.debounceMs);
    const readyAt = burstReadyAt(pending, tenant.debounceMs);
    if (burst.length === 0 || (readyAt && readyAt > iso(clock.now()))) {
      await releaseLease(conversationId, readyAt);
      return { committed: false };
    }

    const startedAt = clock.now();
    const turnId = createId('turn', startedAt);
    const traceId = burst[0]!.trace_id;
    const log = logger.child({ tenant: tenant.id, conversationId, turnId, traceId });
    const override = burst.at(-1)!.clock_override;
    const state = parseStoredJson<ConversationState>(conversation.state, {});
    const answering = burst.at(-1)!;
    if (conversation.status === 'bot' && answering.provider_message_id && options.showTyping) {
      options
        .showTyping(tenant.id, conversation.connection_id, {
          to: conversation.external_id,
          providerMessageId: answering.provider_message_id,
        })
        .catch((error: unknown) => log.warn({ err: error }, 'typing indicator failed'));
    }
    const chosen = burst.length === 1 ? chosenOption(burst[0]!, state) : undefined;
    try {
      const outcome = await tenant.engine.run({
        conversation: { id: conversation.id, status: conversation.status as ConversationStatus, state },
        contact: {
          id: conversation.contact_id,
          name: conversation.contact_name,
          externalId: conversation.external_id,
        },
        text: chosen?.text ?? burst.map((message) => message.text).join('\n'),
        // Voice notes and images become text (and `media`) before the NLU reads it; not while people answer.
        ...(conversation.status === 'bot'
          ? await options.understandMedia?.({
              tenantId: tenant.id,
              connectionId: conversation.connection_id,
              conversationId,
              turnKey: String(burst[0]!.id),
              state,
              burst,
              log,
            })
          : undefined),
        ...(chosen?.buttonId ? { buttonId: chosen.buttonId } : {}),
        now: override ? new Date(override) : startedAt,
        turnKey: String(burst[0]!.id),
        history: await recentHistory(db, conversationId, burst[0]!.id),
      });
      await options.beforeCommit?.(turnId);
      const committedAt = clock.now();
      await commitTurn(db, owner, {
        id: turnId,
        tenantId: tenant.id,
        conversationId,
        contactId: conversation.contact_id,
        connectionId: conversation.connection_id,
        traceId,
        burst,
        outcome,
        startedAt,
        committedAt,
        debounceMs: tenant.debounceMs,
        capabilities: options.capabilitiesOf(tenant.id, conversation.connection_id),
      });
      const seconds = (committedAt.getTime() - startedAt.getTime()) / 1000;
      metrics.turnDuration.observe({ tenant: tenant.id, skill: outcome.skill ?? 'none' }, seconds);
      metrics.messagesProcessed.inc(
        { tenant: tenant.id, channel: options.channelOf(tenant.id, conversation.connection_id) },
        burst.length,
      );
      log.info(
        {
          intent: outcome.understanding.intent.name,
          skill: outcome.skill,
          replies: outcome.replies.length,
          messageIds: burst.map((message) => message.id),
        },
        'turn committed',
      );
      return { committed: true, turnId, messageIds: burst.map((message) => message.id) };
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Another owner runs this conversation now; the messages and their attempts are its business.
        log.warn({ err: error }, 'turn abandoned: the lease was lost before the commit');
        return { committed: false };
      }
      log.error({ err: error }, 'turn failed; it will be retried');
      await recordFailure(
        conversationId,
        burst.map((message) => message.id),
      );
      return { committed: false };
    }
  };

  async function releaseLease(conversationId: string, nextTurnAt: string | null): Promise<void> {
    await db
      .updateTable('conversations')
      .set({ lease_owner: null, lease_expires_at: null, next_turn_at: nextTurnAt })
      .where('id', '=', conversationId)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Counts the attempt on the messages; after `maxAttempts` they are set aside as failed, never lost. Only
   * while this process still holds the lease: otherwise the new owner may be answering them right now.
   */
  async function recordFailure(conversationId: string, messageIds: number[]): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const fenced = await trx
        .updateTable('conversations')
        .set({ lease_owner: owner })
        .where('id', '=', conversationId)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      if (Number(fenced.numUpdatedRows) !== 1) return;
      await trx
        .updateTable('messages')
        .set((update) => ({ attempts: update('attempts', '+', 1), updated_at: iso(now) }))
        .where('id', 'in', messageIds)
        .where('processed_at', 'is', null)
        .execute();
      await trx
        .updateTable('messages')
        .set({ status: 'failed', processed_at: iso(now), updated_at: iso(now) })
        .where('id', 'in', messageIds)
        .where('processed_at', 'is', null)
        .where('attempts', '>=', maxAttempts)
        .execute();
      const remaining = await trx
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .where('direction', '=', 'in')
        .where('processed_at', 'is', null)
        .executeTakeFirst();
      await trx
        .updateTable('conversations')
        .set({
          lease_owner: null,
          lease_expires_at: null,
          next_turn_at: remaining ? isoAfter(now, 2000) : null,
        })
        .where('id', '=', conversationId)
        .where('lease_owner', '=', owner)
        .execute();
    });
  }
}

/** The option a message chose: a native button or list reply, or the number of a numbered menu. */
function chosenOption(
  message: MessageRow,
  state: ConversationState,
): { text?: string; buttonId: string } | undefined {
  const payload = parseStoredJson<{ buttonId?: unknown }>(message.payload, {});
  if (typeof payload.buttonId === 'string') return { buttonId: payload.buttonId };
  return answerFromMenu(message, state);
}
