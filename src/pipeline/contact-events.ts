import type { Kysely } from 'kysely';
import { createId } from '../core/ids.ts';
import type { ContactEvent } from '../core/messages.ts';
import type { Database } from '../storage/schema.ts';
import { iso } from './time.ts';

/**
 * Records a contact's opt-in or opt-out (creating the contact when it has never written). An opted-out
 * contact still gets replies to its own messages, but no proactive ones (reminders, notifications).
 */
export async function applyContactEvent(
  db: Kysely<Database>,
  tenantId: string,
  event: ContactEvent,
  now: Date,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('contacts')
      .values({
        id: createId('ct', now),
        tenant_id: tenantId,
        connection_id: event.connectionId,
        external_id: event.from,
        name: null,
        phone: /^\+?\d{7,15}$/.test(event.from) ? event.from.replace(/^\+/, '') : null,
        email: null,
        created_at: iso(now),
        last_seen_at: iso(now),
      })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'connection_id', 'external_id']).doNothing())
      .execute();
    const contact = await trx
      .selectFrom('contacts')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', event.connectionId)
      .where('external_id', '=', event.from)
      .executeTakeFirstOrThrow();
    const at = iso(event.at ?? now);
    await trx
      .updateTable('contacts')
      .set({ opted_out_at: event.event === 'opted-out' ? at : null })
      .where('id', '=', contact.id)
      .execute();
    await trx
      .insertInto('events')
      .values({
        tenant_id: tenantId,
        type: event.event === 'opted-out' ? 'contact-opted-out' : 'contact-opted-in',
        conversation_id: null,
        contact_id: contact.id,
        turn_id: null,
        data: JSON.stringify({ connectionId: event.connectionId }),
        created_at: iso(now),
      })
      .execute();
    return contact.id;
  });
}

/**
 * Whether a contact has opted out of messages (a Gupshup `opted-out` user event, not undone by an
 * `opted-in` since). Whatever sends proactively — reminders, notifications — checks it first and sends
 * nothing when true; replies to the contact's own messages do not, and still go.
 */
export async function isOptedOut(db: Kysely<Database>, contactId: string): Promise<boolean> {
  const contact = await db
    .selectFrom('contacts')
    .select('opted_out_at')
    .where('id', '=', contactId)
    .executeTakeFirst();
  return Boolean(contact?.opted_out_at);
}
