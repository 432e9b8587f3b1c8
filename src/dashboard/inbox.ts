/**
 * What the agent inbox reads: the hand-offs waiting for a person and the agent's own, and one
 * conversation's full history with who wrote each message (customer, bot or agent) and each turn's
 * intent and skill.
 */
import type { Kysely } from 'kysely';
import { parseStoredJson } from '../core/json.ts';
import {
  findConversationHistory,
  type HistoryMessage,
} from '../storage/repositories/conversation-history.ts';
import type { Database } from '../storage/schema.ts';

export interface InboxItem {
  handoffId: string;
  conversationId: string;
  status: 'queued' | 'assigned';
  reason: string;
  agentId: string | null;
  createdAt: string;
  assignedAt: string | null;
  connectionId: string;
  contact: { id: string; name: string | null; phone: string | null };
  lastMessage: { direction: 'in' | 'out'; text: string; createdAt: string } | null;
}

/** Open hand-offs that are queued or assigned to `agentId`, oldest first. */
export async function listInbox(
  db: Kysely<Database>,
  tenantId: string,
  agentId: string,
): Promise<InboxItem[]> {
  const rows = await db
    .selectFrom('handoffs')
    .innerJoin('conversations', 'conversations.id', 'handoffs.conversation_id')
    .innerJoin('contacts', 'contacts.id', 'handoffs.contact_id')
    .select([
      'handoffs.id',
      'handoffs.conversation_id',
      'handoffs.status',
      'handoffs.reason',
      'handoffs.agent_id',
      'handoffs.created_at',
      'handoffs.assigned_at',
      'conversations.connection_id',
      'contacts.id as contact_id',
      'contacts.name',
      'contacts.phone',
    ])
    .where('handoffs.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('handoffs.status', '=', 'queued'),
        eb.and([eb('handoffs.status', '=', 'assigned'), eb('handoffs.agent_id', '=', agentId)]),
      ]),
    )
    .orderBy('handoffs.created_at')
    .orderBy('handoffs.id')
    .limit(500)
    .execute();
  const last = await lastMessages(
    db,
    rows.map((row) => row.conversation_id),
  );
  return rows.map((row) => ({
    handoffId: row.id,
    conversationId: row.conversation_id,
    status: row.status === 'assigned' ? 'assigned' : 'queued',
    reason: row.reason,
    agentId: row.agent_id,
    createdAt: row.created_at,
    assignedAt: row.assigned_at,
    connectionId: row.connection_id,
    contact: { id: row.contact_id, name: row.name, phone: row.phone },
    lastMessage: last.get(row.conversation_id) ?? null,
  }));
}

async function lastMessages(db: Kysely<Database>, conversationIds: string[]) {
  if (conversationIds.length === 0) return new Map<string, InboxItem['lastMessage']>();
  const rows = await db
    .selectFrom('messages')
    .select(['conversation_id', 'direction', 'text', 'created_at'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('messages')
        .select((inner) => inner.fn.max('id').as('id'))
        .where('conversation_id', 'in', conversationIds)
        .groupBy('conversation_id'),
    )
    .execute();
  return new Map(
    rows.map((row) => [
      row.conversation_id,
      { direction: row.direction, text: row.text, createdAt: row.created_at },
    ]),
  );
}

export interface InboxMessage extends HistoryMessage {
  /** `customer` (inbound), `bot` (a turn's reply), `agent` (sent from the inbox or the admin API), `system` (reminders, notices). */
  author: 'customer' | 'bot' | 'agent' | 'system';
  /** The agent who sent it, for `agent` messages. */
  agentId: string | null;
  /** The turn that consumed an inbound message: what the bot understood and which skill answered. */
  turn: { intent: string | null; skill: string | null; outcome: string } | null;
}

export interface InboxConversation {
  id: string;
  status: string;
  connectionId: string;
  contact: { id: string; name: string | null; phone: string | null };
  handoff: { id: string; status: string; agentId: string | null; reason: string; createdAt: string } | null;
  lastInboundAt: string | null;
  messages: InboxMessage[];
}

/** One of the tenant's conversations for the inbox; undefined when the tenant has no such conversation. */
export async function findInboxConversation(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
): Promise<InboxConversation | undefined> {
  const conversation = await db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select([
      'conversations.id',
      'conversations.status',
      'conversations.connection_id',
      'contacts.id as contact_id',
      'contacts.name',
      'contacts.phone',
    ])
    .where('conversations.id', '=', conversationId)
    .where('conversations.tenant_id', '=', tenantId)
    .executeTakeFirst();
  const history = conversation && (await findConversationHistory(db, tenantId, conversationId));
  if (!conversation || !history) return undefined;

  const handoff = await db
    .selectFrom('handoffs')
    .select(['id', 'status', 'agent_id', 'reason', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('status', '<>', 'released')
    .executeTakeFirst();
  const agentEvents = await db
    .selectFrom('events')
    .select('data')
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .where('type', '=', 'agent-message-queued')
    .execute();
  const agentOf = new Map<number, string>();
  for (const event of agentEvents) {
    const data = parseStoredJson<{ messageId?: unknown; agentId?: unknown }>(event.data, {});
    if (typeof data.messageId === 'number' && typeof data.agentId === 'string')
      agentOf.set(data.messageId, data.agentId);
  }
  const turns = new Map(history.turns.map((turn) => [turn.id, turn]));

  const messages = history.messages.map((message): InboxMessage => {
    const agentId = agentOf.get(message.id) ?? null;
    const turn = message.direction === 'in' && message.turnId ? turns.get(message.turnId) : undefined;
    return {
      ...message,
      author: message.direction === 'in' ? 'customer' : message.turnId ? 'bot' : agentId ? 'agent' : 'system',
      agentId,
      turn: turn ? { intent: turn.intent, skill: turn.skill, outcome: turn.outcome } : null,
    };
  });
  const lastInbound = messages.findLast((message) => message.direction === 'in');
  return {
    id: conversation.id,
    status: conversation.status,
    connectionId: conversation.connection_id,
    contact: { id: conversation.contact_id, name: conversation.name, phone: conversation.phone },
    handoff: handoff
      ? {
          id: handoff.id,
          status: handoff.status,
          agentId: handoff.agent_id,
          reason: handoff.reason,
          createdAt: handoff.created_at,
        }
      : null,
    lastInboundAt: lastInbound?.createdAt ?? null,
    messages,
  };
}
