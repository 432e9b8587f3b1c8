import type { Kysely } from 'kysely';
import type { ChannelCapabilities } from '../core/delivery.ts';
import type { Reply } from '../core/messages.ts';
import type { TurnOutcome } from '../dialogue/turn-engine.ts';
import type { Database, MessageRow } from '../storage/schema.ts';
import { adaptReply } from './adapt-reply.ts';
import { burstReadyAt } from './burst.ts';
import { MENU_STATE_KEY } from './numbered-menu.ts';
import { iso } from './time.ts';

export class LeaseLostError extends Error {
  constructor(conversationId: string) {
    super(
      `the lease on conversation ${conversationId} was lost before the turn committed; another worker owns it`,
    );
    this.name = 'LeaseLostError';
  }
}

export interface TurnRecord {
  id: string;
  tenantId: string;
  conversationId: string;
  contactId: string;
  connectionId: string;
  traceId: string;
  burst: MessageRow[];
  outcome: Pick<
    TurnOutcome,
    'understanding' | 'skill' | 'handoff' | 'outcome' | 'state' | 'effects' | 'llmUsage' | 'toolCalls'
  > & {
    replies: Reply[];
  };
  startedAt: Date;
  committedAt: Date;
  debounceMs: number;
  /** What the conversation's channel can show; replies are adapted to it before they are queued. */
  capabilities: ChannelCapabilities;
}

/**
 * Commits one turn in ONE transaction: the turn record, the skills' effects, the outbound messages, the
 * conversation's new state and the "processed" mark on the inbound messages. If this process lost its
 * lease, or another turn consumed the messages, nothing is written.
 */
export async function commitTurn(db: Kysely<Database>, owner: string, turn: TurnRecord): Promise<void> {
  const now = iso(turn.committedAt);
  await db.transaction().execute(async (trx) => {
    // Lock the conversation row first, so an ingest racing with this commit is seen below.
    const fenced = await trx
      .updateTable('conversations')
      .set({ last_message_at: now })
      .where('id', '=', turn.conversationId)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    if (Number(fenced.numUpdatedRows) !== 1) throw new LeaseLostError(turn.conversationId);

    const burstIds = turn.burst.map((message) => message.id);
    const marked = await trx
      .updateTable('messages')
      .set({ processed_at: now, turn_id: turn.id, status: 'processed', updated_at: now })
      .where('id', 'in', burstIds)
      .where('processed_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== burstIds.length) throw new LeaseLostError(turn.conversationId);

    const { understanding } = turn.outcome;
    await trx
      .insertInto('turns')
      .values({
        id: turn.id,
        tenant_id: turn.tenantId,
        conversation_id: turn.conversationId,
        contact_id: turn.contactId,
        trace_id: turn.traceId,
        intent: understanding.intent.name,
        confidence: understanding.intent.confidence,
        entities: JSON.stringify(understanding.entities),
        skill: turn.outcome.skill,
        handoff: turn.outcome.handoff ? 1 : 0,
        tool_calls: JSON.stringify(turn.outcome.toolCalls),
        llm_usage: turn.outcome.llmUsage.length > 0 ? JSON.stringify(turn.outcome.llmUsage) : null,
        outcome: turn.outcome.outcome,
        latency_ms: turn.committedAt.getTime() - turn.startedAt.getTime(),
        started_at: iso(turn.startedAt),
        created_at: now,
      })
      .execute();

    for (const effect of turn.outcome.effects) await effect(trx);

    const adapted = turn.outcome.replies.map((reply) => adaptReply(reply, turn.capabilities));
    const outbound = adapted.flatMap((reply) => reply.messages);
    if (outbound.length > 0) {
      await trx
        .insertInto('messages')
        .values(
          outbound.map(({ text, ...interactive }) => ({
            tenant_id: turn.tenantId,
            conversation_id: turn.conversationId,
            contact_id: turn.contactId,
            connection_id: turn.connectionId,
            direction: 'out' as const,
            provider_message_id: null,
            kind: 'text',
            text,
            payload: JSON.stringify(interactive),
            status: 'queued',
            trace_id: turn.traceId,
            turn_id: turn.id,
            created_at: now,
            next_attempt_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    // The options of the last numbered menu, so that "2" in the next message means its second option.
    const menu = adapted.findLast((reply) => reply.menu)?.menu;
    const { [MENU_STATE_KEY]: _previousMenu, ...state } = turn.outcome.state;
    const nextState = menu
      ? { ...state, [MENU_STATE_KEY]: menu.map(({ id, title }) => ({ id, title })) }
      : state;

    await trx
      .insertInto('events')
      .values({
        tenant_id: turn.tenantId,
        type: 'turn-committed',
        conversation_id: turn.conversationId,
        contact_id: turn.contactId,
        turn_id: turn.id,
        data: JSON.stringify({
          intent: understanding.intent.name,
          skill: turn.outcome.skill,
          outcome: turn.outcome.outcome,
          messagesIn: burstIds.length,
          messagesOut: outbound.length,
        }),
        created_at: now,
      })
      .execute();

    const remaining = await trx
      .selectFrom('messages')
      .select(['id', 'created_at'])
      .where('conversation_id', '=', turn.conversationId)
      .where('direction', '=', 'in')
      .where('processed_at', 'is', null)
      .orderBy('id')
      .execute();
    await trx
      .updateTable('conversations')
      .set((update) => ({
        state: JSON.stringify(nextState),
        turn_count: update('turn_count', '+', 1),
        next_turn_at: burstReadyAt(remaining, turn.debounceMs),
        lease_owner: null,
        lease_expires_at: null,
      }))
      .where('id', '=', turn.conversationId)
      .execute();
  });
}
