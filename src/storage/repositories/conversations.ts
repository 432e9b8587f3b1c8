/**
 * Conversations as the admin API sees them: listing, one conversation's state, resetting it, and closing
 * the inactive ones. Every query is scoped to one tenant, so another tenant's id simply is not found.
 */
import { sql, type Kysely } from 'kysely';
import { parseStoredJson } from '../../core/json.ts';
import type { ConversationStatus } from '../../core/messages.ts';
import type { Database } from '../schema.ts';
import { toPage, type Page, type PageCursor } from './page-cursor.ts';

export interface ConversationListItem {
  id: string;
  contactId: string;
  status: ConversationStatus;
  turnCount: number;
  lastMessageAt: string;
  createdAt: string;
  closedAt: string | null;
}

export interface ListConversationsOptions {
  status?: ConversationStatus;
  /** Only conversations whose last message is at or after this ISO time. */
  activeSince?: string;
  limit: number;
  cursor?: PageCursor;
}

/** A tenant's conversations, most recently active first. */
export async function listConversations(
  db: Kysely<Database>,
  tenantId: string,
  options: ListConversationsOptions,
): Promise<Page<ConversationListItem>> {
  const { status, activeSince, cursor } = options;
  let query = db
    .selectFrom('conversations')
    .select(['id', 'contact_id', 'status', 'turn_count', 'last_message_at', 'created_at', 'closed_at'])
    .where('tenant_id', '=', tenantId);
  if (status) query = query.where('status', '=', status);
  if (activeSince) query = query.where('last_message_at', '>=', activeSince);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('last_message_at', '<', cursor.at),
        eb.and([eb('last_message_at', '=', cursor.at), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(
    rows,
    options.limit,
    (row) => ({ at: row.last_message_at, id: row.id }),
    (row) => ({
      id: row.id,
      contactId: row.contact_id,
      status: row.status as ConversationStatus,
      turnCount: Number(row.turn_count),
      lastMessageAt: row.last_message_at,
      createdAt: row.created_at,
      closedAt: row.closed_at,
    }),
  );
}

export interface ConversationDetail extends ConversationListItem {
  connectionId: string;
  /** The dialogue state (active flow, slots, counters) as the turn engine left it. */
  state: Record<string, unknown>;
  messages: {
    in: number;
    out: number;
    /** Inbound messages no turn has consumed yet. */
    unprocessed: number;
  };
  contact: {
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    externalId: string;
    lastSeenAt: string;
  };
}

/** One conversation of the tenant with its state, counters and contact; undefined when it is not the tenant's. */
export async function findConversationDetail(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
): Promise<ConversationDetail | undefined> {
  const row = await db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select([
      'conversations.id',
      'conversations.contact_id',
      'conversations.connection_id',
      'conversations.status',
      'conversations.state',
      'conversations.turn_count',
      'conversations.last_message_at',
      'conversations.created_at',
      'conversations.closed_at',
      'contacts.name',
      'contacts.phone',
      'contacts.email',
      'contacts.external_id',
      'contacts.last_seen_at',
    ])
    .where('conversations.id', '=', conversationId)
    .where('conversations.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;

  const counts = await db
    .selectFrom('messages')
    .select((eb) => [
      'direction',
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('processed_at').as('processed'),
    ])
    .where('conversation_id', '=', conversationId)
    .groupBy('direction')
    .execute();
  const inbound = counts.find((count) => count.direction === 'in');
  const outbound = counts.find((count) => count.direction === 'out');

  return {
    id: row.id,
    contactId: row.contact_id,
    connectionId: row.connection_id,
    status: row.status as ConversationStatus,
    state: parseStoredJson<Record<string, unknown>>(row.state, {}),
    turnCount: Number(row.turn_count),
    lastMessageAt: row.last_message_at,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    messages: {
      in: Number(inbound?.total ?? 0),
      out: Number(outbound?.total ?? 0),
      unprocessed: Number(inbound?.total ?? 0) - Number(inbound?.processed ?? 0),
    },
    contact: {
      id: row.contact_id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      externalId: row.external_id,
      lastSeenAt: row.last_seen_at,
    },
  };
}

export type ResetResult = 'reset' | 'not_found' | 'busy';

/**
 * Puts a conversation back to the start: state `{}`, status `bot` (the bot answers again), and records a
 * `conversation-reset` event. Messages are untouched, so inbound ones still waiting are answered by the
 * next turn, from the clean state. A conversation whose turn is running right now (its lease is held) is
 * `busy`: resetting under that turn would be overwritten by its commit.
 */
export async function resetConversation(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  now: Date,
): Promise<ResetResult> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('conversations')
      .select(['status', 'contact_id'])
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!before) return 'not_found';
    // Conditional on the lease, in one statement: a worker claiming the conversation concurrently either
    // sees the reset state or makes this update match nothing.
    const updated = await trx
      .updateTable('conversations')
      .set({ state: '{}', status: 'bot' })
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', at)]))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return 'busy';
    await trx
      .insertInto('events')
      .values({
        tenant_id: tenantId,
        type: 'conversation-reset',
        conversation_id: conversationId,
        contact_id: before.contact_id,
        turn_id: null,
        data: JSON.stringify({ previousStatus: before.status }),
        created_at: at,
      })
      .execute();
    return 'reset';
  });
}

/** Events are written in slices so one statement stays under SQLite's bound-parameter limit. */
const EVENT_BATCH = 500;

/**
 * Closes the tenant's open conversations whose last message is older than `inactiveSince` and that have
 * no inbound message left to answer, recording a `conversation-closed` event for each. The contact's next
 * message opens a new conversation. Returns how many were closed.
 */
export async function closeInactiveConversations(
  db: Kysely<Database>,
  tenantId: string,
  inactiveSince: string,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('conversations')
      .set({ closed_at: at })
      .where('tenant_id', '=', tenantId)
      .where('closed_at', 'is', null)
      .where('last_message_at', '<', inactiveSince)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('messages')
              .select(sql`1`.as('one'))
              .whereRef('messages.conversation_id', '=', 'conversations.id')
              .where('messages.direction', '=', 'in')
              .where('messages.processed_at', 'is', null),
          ),
        ),
      )
      .returning(['id', 'contact_id'])
      .execute();
    for (let start = 0; start < closed.length; start += EVENT_BATCH) {
      await trx
        .insertInto('events')
        .values(
          closed.slice(start, start + EVENT_BATCH).map((conversation) => ({
            tenant_id: tenantId,
            type: 'conversation-closed',
            conversation_id: conversation.id,
            contact_id: conversation.contact_id,
            turn_id: null,
            data: JSON.stringify({ reason: 'inactive' }),
            created_at: at,
          })),
        )
        .execute();
    }
    return closed.length;
  });
}
