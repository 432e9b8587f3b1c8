/** Contacts for the admin API: who wrote lately, and erasing a contact with everything personal about it. */
import type { Kysely } from 'kysely';
import type { ConversationStatus } from '../../core/messages.ts';
import { isPostgres } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { toPage, type Page, type PageCursor } from './page-cursor.ts';

export interface ContactListItem {
  id: string;
  connectionId: string;
  /** The contact's address on its channel: phone digits, chat id, visitor id. */
  externalId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** The contact's open conversation; null when it has none (its next message opens one). */
  conversation: { id: string; status: ConversationStatus; lastMessageAt: string } | null;
}

export interface ListContactsOptions {
  /** Only contacts seen at or after this ISO time. */
  activeSince?: string;
  limit: number;
  cursor?: PageCursor;
}

/** A tenant's contacts, most recently seen first, each with its open conversation's status. */
export async function listContacts(
  db: Kysely<Database>,
  tenantId: string,
  options: ListContactsOptions,
): Promise<Page<ContactListItem>> {
  const { activeSince, cursor } = options;
  let query = db
    .selectFrom('contacts')
    .leftJoin('conversations as open', (join) =>
      join.onRef('open.contact_id', '=', 'contacts.id').on('open.closed_at', 'is', null),
    )
    .select([
      'contacts.id',
      'contacts.connection_id',
      'contacts.external_id',
      'contacts.name',
      'contacts.phone',
      'contacts.email',
      'contacts.created_at',
      'contacts.last_seen_at',
      'open.id as conversation_id',
      'open.status as conversation_status',
      'open.last_message_at as conversation_last_message_at',
    ])
    .where('contacts.tenant_id', '=', tenantId);
  if (activeSince) query = query.where('contacts.last_seen_at', '>=', activeSince);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('contacts.last_seen_at', '<', cursor.at),
        eb.and([eb('contacts.last_seen_at', '=', cursor.at), eb('contacts.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('contacts.last_seen_at', 'desc')
    .orderBy('contacts.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(
    rows,
    options.limit,
    (row) => ({ at: row.last_seen_at, id: row.id }),
    (row) => ({
      id: row.id,
      connectionId: row.connection_id,
      externalId: row.external_id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      conversation:
        row.conversation_id && row.conversation_status && row.conversation_last_message_at
          ? {
              id: row.conversation_id,
              status: row.conversation_status as ConversationStatus,
              lastMessageAt: row.conversation_last_message_at,
            }
          : null,
    }),
  );
}

/** What an erasure removed, and how many audit events it detached from the contact. */
export interface ErasureResult {
  conversations: number;
  messages: number;
  turns: number;
  /** Events kept for the tenant's counts, now without a contact or conversation. */
  eventsAnonymized: number;
}

/**
 * Erases a contact of the tenant, in one transaction: its messages (queued replies included, so they are
 * never sent), turns, conversations and the contact row go; the audit events that named it stay, with
 * `contact_id` and `conversation_id` set to null, so the tenant's counts do not change. Records a
 * `contact-erased` event holding only those counts. Undefined when the contact is not the tenant's.
 *
 * On PostgreSQL the contact and its conversations are locked first: a turn committing in one of them
 * waits, then finds its conversation gone and writes nothing; an ingest racing the erasure fails and is
 * retried by the provider, creating a new contact.
 */
export async function eraseContact(
  db: Kysely<Database>,
  tenantId: string,
  contactId: string,
  now: Date,
): Promise<ErasureResult | undefined> {
  return db.transaction().execute(async (trx) => {
    const postgres = isPostgres(trx);
    const contactQuery = trx
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', contactId)
      .where('tenant_id', '=', tenantId);
    const contact = await (postgres ? contactQuery.forUpdate() : contactQuery).executeTakeFirst();
    if (!contact) return undefined;

    const conversationQuery = trx
      .selectFrom('conversations')
      .select('id')
      .where('contact_id', '=', contactId)
      .orderBy('id');
    const conversationIds = (
      await (postgres ? conversationQuery.forUpdate() : conversationQuery).execute()
    ).map((conversation) => conversation.id);

    const anonymized = await trx
      .updateTable('events')
      .set({ contact_id: null, conversation_id: null })
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or([
          eb('contact_id', '=', contactId),
          ...(conversationIds.length > 0 ? [eb('conversation_id', 'in', conversationIds)] : []),
        ]),
      )
      .executeTakeFirst();
    // Every message and turn of the contact carries its id; the conversation ids are a second net.
    const messages = await trx
      .deleteFrom('messages')
      .where((eb) =>
        eb.or([
          eb('contact_id', '=', contactId),
          ...(conversationIds.length > 0 ? [eb('conversation_id', 'in', conversationIds)] : []),
        ]),
      )
      .executeTakeFirst();
    const turns = await trx
      .deleteFrom('turns')
      .where((eb) =>
        eb.or([
          eb('contact_id', '=', contactId),
          ...(conversationIds.length > 0 ? [eb('conversation_id', 'in', conversationIds)] : []),
        ]),
      )
      .executeTakeFirst();
    const conversations = await trx
      .deleteFrom('conversations')
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    await trx.deleteFrom('contacts').where('id', '=', contactId).execute();

    const result: ErasureResult = {
      conversations: Number(conversations.numDeletedRows),
      messages: Number(messages.numDeletedRows),
      turns: Number(turns.numDeletedRows),
      eventsAnonymized: Number(anonymized.numUpdatedRows),
    };
    await trx
      .insertInto('events')
      .values({
        tenant_id: tenantId,
        type: 'contact-erased',
        conversation_id: null,
        contact_id: null,
        turn_id: null,
        data: JSON.stringify(result),
        created_at: now.toISOString(),
      })
      .execute();
    return result;
  });
}
