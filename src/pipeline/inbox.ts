import type { Kysely, Transaction } from 'kysely';
import { createId } from '../core/ids.ts';
import type { InboundMessage } from '../core/messages.ts';
import { isPostgres } from '../storage/dialect.ts';
import type { Database } from '../storage/schema.ts';
import { iso, isoAfter } from './time.ts';

export interface IngestResult {
  messageId: number;
  conversationId: string;
  contactId: string;
  traceId: string;
  /** True when this provider message id was already stored: nothing new was written. */
  duplicate: boolean;
}

/**
 * Stores one inbound message durably, exactly once per (connection, provider message id), with its
 * contact and open conversation, and schedules the conversation's next turn after the debounce window.
 */
export async function ingestMessage(
  db: Kysely<Database>,
  input: { tenantId: string; message: InboundMessage; debounceMs: number; now: Date },
): Promise<IngestResult> {
  const { tenantId, message, now } = input;
  return db.transaction().execute(async (trx) => {
    const existing = await findStored(trx, tenantId, message);
    if (existing) return { ...existing, duplicate: true };

    const contactId = await upsertContact(trx, tenantId, message, now);
    const conversationId = await openConversation(trx, tenantId, contactId, message.connectionId, now);
    const traceId = createId('trc', now);
    const inserted = await trx
      .insertInto('messages')
      .values({
        tenant_id: tenantId,
        conversation_id: conversationId,
        contact_id: contactId,
        connection_id: message.connectionId,
        direction: 'in',
        provider_message_id: message.providerMessageId,
        kind: message.kind,
        text: message.text,
        payload: JSON.stringify(message.payload ?? {}),
        status: 'received',
        trace_id: traceId,
        created_at: iso(now),
        clock_override: message.clockOverride ? iso(message.clockOverride) : null,
        updated_at: iso(now),
      })
      .onConflict((conflict) =>
        conflict.columns(['tenant_id', 'connection_id', 'direction', 'provider_message_id']).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // A concurrent delivery of the same message won the race between our look-up and insert.
      const stored = await findStored(trx, tenantId, message);
      if (!stored) throw new Error('inbound message vanished after a conflicting insert');
      return { ...stored, duplicate: true };
    }

    await trx
      .updateTable('conversations')
      .set({ last_message_at: iso(now), next_turn_at: isoAfter(now, input.debounceMs) })
      .where('id', '=', conversationId)
      .execute();
    return { messageId: inserted.id, conversationId, contactId, traceId, duplicate: false };
  });
}

async function findStored(
  trx: Transaction<Database>,
  tenantId: string,
  message: InboundMessage,
): Promise<Omit<IngestResult, 'duplicate'> | undefined> {
  const row = await trx
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'contact_id', 'trace_id'])
    .where('tenant_id', '=', tenantId)
    .where('connection_id', '=', message.connectionId)
    .where('direction', '=', 'in')
    .where('provider_message_id', '=', message.providerMessageId)
    .executeTakeFirst();
  return row
    ? {
        messageId: row.id,
        conversationId: row.conversation_id,
        contactId: row.contact_id,
        traceId: row.trace_id,
      }
    : undefined;
}

async function upsertContact(
  trx: Transaction<Database>,
  tenantId: string,
  message: InboundMessage,
  now: Date,
): Promise<string> {
  await trx
    .insertInto('contacts')
    .values({
      id: createId('ct', now),
      tenant_id: tenantId,
      connection_id: message.connectionId,
      external_id: message.from,
      name: message.name ?? null,
      phone:
        message.phone !== undefined
          ? message.phone
          : /^\+?\d{7,15}$/.test(message.from)
            ? message.from.replace(/^\+/, '')
            : null,
      email: null,
      created_at: iso(now),
      last_seen_at: iso(now),
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'connection_id', 'external_id']).doNothing())
    .execute();
  const contact = await trx
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('connection_id', '=', message.connectionId)
    .where('external_id', '=', message.from)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('contacts')
    .set({
      last_seen_at: iso(now),
      ...(message.name && message.name !== contact.name ? { name: message.name } : {}),
    })
    .where('id', '=', contact.id)
    .execute();
  return contact.id;
}

/**
 * The contact's open conversation, opened when there is none. On PostgreSQL the row is locked until the
 * ingest commits, so a clean-up closing it concurrently waits, or has closed it already and a new one is
 * opened: a message never lands in a conversation that was closed under it.
 */
async function openConversation(
  trx: Transaction<Database>,
  tenantId: string,
  contactId: string,
  connectionId: string,
  now: Date,
): Promise<string> {
  const postgres = isPostgres(trx);
  for (let attempt = 0; attempt < 3; attempt++) {
    await trx
      .insertInto('conversations')
      .values({
        id: createId('conv', now),
        tenant_id: tenantId,
        contact_id: contactId,
        connection_id: connectionId,
        status: 'bot',
        state: '{}',
        turn_count: 0,
        created_at: iso(now),
        last_message_at: iso(now),
        closed_at: null,
        next_turn_at: null,
        lease_owner: null,
        lease_expires_at: null,
      })
      .onConflict((conflict) => conflict.column('contact_id').where('closed_at', 'is', null).doNothing())
      .execute();
    const query = trx
      .selectFrom('conversations')
      .select('id')
      .where('contact_id', '=', contactId)
      .where('closed_at', 'is', null);
    const conversation = await (postgres ? query.forUpdate() : query).executeTakeFirst();
    if (conversation) return conversation.id;
  }
  throw new Error(
    `could not open a conversation for contact ${contactId}: it was closed three times in a row`,
  );
}
