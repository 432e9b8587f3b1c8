/** An agent's message into a handed-off conversation: queued in the outbox like a bot reply, sent in order. */
import { queueOutboundText } from '../../storage/repositories/outbox.ts';
import type { Kysely } from 'kysely';
import { isPostgres } from '../../storage/dialect.ts';
import type { Database } from '../../storage/schema.ts';
import { findOpenHandoff, recordEvent } from './handoffs-repository.ts';

export type AgentMessageResult =
  | { status: 'queued'; messageId: number }
  | { status: 'not_found' }
  | { status: 'not_handed_off' }
  | { status: 'other_agent'; agentId: string | null };

/**
 * Queues `text` to the conversation's contact through the conversation's connection. The conversation
 * must be handed off and assigned to `agentId` (take a queued one with the assign route first). A
 * `payload` (an approved template) is sent instead of the text where the channel supports it.
 */
export async function queueAgentMessage(
  db: Kysely<Database>,
  input: {
    tenantId: string;
    conversationId: string;
    agentId: string;
    text: string;
    payload?: Record<string, unknown>;
    now: Date;
  },
): Promise<AgentMessageResult> {
  const at = input.now.toISOString();
  return db.transaction().execute(async (trx): Promise<AgentMessageResult> => {
    const conversation = await trx
      .selectFrom('conversations')
      .select(['status', 'contact_id', 'connection_id'])
      .where('id', '=', input.conversationId)
      .where('tenant_id', '=', input.tenantId)
      // Locked so that the message's id is taken in order with the conversation's other messages: a web
      // chat reader that has seen a later id never misses this one.
      .$if(isPostgres(trx), (query) => query.forUpdate())
      .executeTakeFirst();
    if (!conversation) return { status: 'not_found' };
    const handoff = await findOpenHandoff(trx, input.tenantId, input.conversationId);
    if (conversation.status === 'bot' || !handoff) return { status: 'not_handed_off' };
    if (handoff.status !== 'assigned' || handoff.agent_id !== input.agentId)
      return { status: 'other_agent', agentId: handoff.agent_id };
    const messageId = await queueOutboundText(trx, {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      contactId: conversation.contact_id,
      connectionId: conversation.connection_id,
      text: input.text,
      ...(input.payload ? { payload: input.payload } : {}),
      now: input.now,
    });
    await recordEvent(
      trx,
      input.tenantId,
      'agent-message-queued',
      input.conversationId,
      conversation.contact_id,
      at,
      {
        handoffId: handoff.id,
        agentId: input.agentId,
        messageId,
        ...(input.payload ? { template: true } : {}),
      },
    );
    return { status: 'queued', messageId };
  });
}
