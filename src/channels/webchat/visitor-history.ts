/**
 * What a visitor's socket reads from the database: their contact, their open chat (the conversation and its
 * hand-off), their messages after a given id, and the facts the socket checks a message against.
 */
import { sql, type Kysely } from 'kysely';
import { parseStoredJson } from '../../core/json.ts';
import type { Button, OutboundContent } from '../../core/messages.ts';
import type { Database } from '../../storage/schema.ts';
import type { ChatStatus } from './protocol.ts';

type Db = Kysely<Database>;

/** Marks the stored inbound message that opened a chat: it makes the bot greet, and is not shown. */
export const CHAT_CREATED_EVENT = 'chat-created';

export interface VisitorRef {
  tenantId: string;
  connectionId: string;
  visitorId: string;
}

export async function findContactId(db: Db, visitor: VisitorRef): Promise<string | undefined> {
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where('tenant_id', '=', visitor.tenantId)
    .where('connection_id', '=', visitor.connectionId)
    .where('external_id', '=', visitor.visitorId)
    .executeTakeFirst();
  return row?.id;
}

export interface ChatRow {
  id: string;
  status: ChatStatus;
  /** The agent of the open hand-off, once one is assigned. */
  agentId: string | null;
}

/** The contact's open conversation and who answers it; null when none is open. */
export async function readOpenChat(db: Db, tenantId: string, contactId: string): Promise<ChatRow | null> {
  const conversation = await db
    .selectFrom('conversations')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (!conversation) return null;
  const handoff = await db
    .selectFrom('handoffs')
    .select('agent_id')
    .where('conversation_id', '=', conversation.id)
    .where('status', '=', 'assigned')
    .executeTakeFirst();
  return {
    id: conversation.id,
    status: conversation.status as ChatStatus,
    agentId: conversation.status === 'human' ? (handoff?.agent_id ?? null) : null,
  };
}

export interface StoredMessage {
  id: number;
  conversationId: string;
  direction: 'in' | 'out';
  text: string;
  status: string;
  providerMessageId: string | null;
  turnId: string | null;
  createdAt: string;
  buttons?: Button[];
  list?: { button: string; rows: Button[] };
  /** Inbound: the stored message that opened a chat. */
  opensChat: boolean;
}

/** The contact's messages with an id above `afterId`, oldest first. */
export async function readMessagesAfter(
  db: Db,
  tenantId: string,
  contactId: string,
  afterId: number,
  limit: number,
): Promise<StoredMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .select([
      'id',
      'conversation_id',
      'direction',
      'text',
      'status',
      'payload',
      'provider_message_id',
      'turn_id',
      'created_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const payload = parseStoredJson<Omit<OutboundContent, 'text'> & { event?: unknown }>(row.payload, {});
    return {
      id: Number(row.id),
      conversationId: row.conversation_id,
      direction: row.direction,
      text: row.text,
      status: row.status,
      providerMessageId: row.provider_message_id,
      turnId: row.turn_id,
      createdAt: row.created_at,
      ...(row.direction === 'out' && payload.buttons ? { buttons: payload.buttons } : {}),
      ...(row.direction === 'out' && payload.list ? { list: payload.list } : {}),
      opensChat: row.direction === 'in' && payload.event === CHAT_CREATED_EVENT,
    };
  });
}

/** The current status of each of these messages, by id. */
export async function readStatuses(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('messages').select(['id', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [Number(row.id), row.status]));
}

/**
 * Which of these outbound messages an agent wrote, and who: the `agent-message-queued` events the hand-off
 * API records name the message and the agent.
 */
export async function readAgentAuthors(
  db: Db,
  tenantId: string,
  messages: readonly StoredMessage[],
): Promise<Map<number, string>> {
  const candidates = messages.filter((message) => message.direction === 'out' && message.turnId === null);
  if (candidates.length === 0) return new Map();
  const since = candidates.reduce((earliest, message) =>
    message.createdAt < earliest.createdAt ? message : earliest,
  ).createdAt;
  const events = await db
    .selectFrom('events')
    .select('data')
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'agent-message-queued')
    .where('created_at', '>=', since)
    .where('conversation_id', 'in', [...new Set(candidates.map((message) => message.conversationId))])
    .execute();
  const wanted = new Set(candidates.map((message) => message.id));
  const authors = new Map<number, string>();
  for (const event of events) {
    const data = parseStoredJson<{ messageId?: unknown; agentId?: unknown }>(event.data, {});
    if (typeof data.messageId === 'number' && wanted.has(data.messageId) && typeof data.agentId === 'string')
      authors.set(data.messageId, data.agentId);
  }
  return authors;
}

/** How many messages the visitor sent since `since` (an ISO time); what the rate limit counts. */
export async function countSentSince(db: Db, tenantId: string, contactId: string, since: string) {
  const row = await db
    .selectFrom('messages')
    .select(sql<number>`count(*)`.as('count'))
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'in')
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Whether an inbound message with this provider id is stored already (a re-sent frame). */
export async function isStored(db: Db, visitor: VisitorRef, providerMessageId: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('tenant_id', '=', visitor.tenantId)
    .where('connection_id', '=', visitor.connectionId)
    .where('direction', '=', 'in')
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many recent replies are searched for the option a visitor chose. */
const OPTION_LOOKBACK = 20;

/** The title of option `buttonId` among the buttons and lists of the latest replies to the contact. */
export async function findOptionTitle(
  db: Db,
  tenantId: string,
  contactId: string,
  buttonId: string,
): Promise<string | undefined> {
  const rows = await db
    .selectFrom('messages')
    .select('payload')
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'out')
    .orderBy('id', 'desc')
    .limit(OPTION_LOOKBACK)
    .execute();
  for (const row of rows) {
    const payload = parseStoredJson<Omit<OutboundContent, 'text'>>(row.payload, {});
    const options = [...(payload.buttons ?? []), ...(payload.list?.rows ?? [])];
    const option = options.find((candidate) => candidate.id === buttonId);
    if (option) return option.title;
  }
  return undefined;
}
