import type { Kysely, Transaction } from 'kysely';
import { createId } from '../../core/ids.ts';
import type { Database } from '../schema.ts';

export interface OutboundText {
  tenantId: string;
  conversationId: string;
  contactId: string;
  connectionId: string;
  text: string;
  /** What the channel sends instead of plain text (a WhatsApp template); the text stays for the history. */
  payload?: Record<string, unknown>;
  now: Date;
}

/**
 * Queues a plain-text message in a conversation's outbox outside a turn (a reminder, a payment notice, an
 * agent's message); the outbox sender delivers it in order with the conversation's other replies. Call it
 * inside the transaction that records why it is sent, so the message is queued exactly once.
 */
export async function queueOutboundText(
  db: Kysely<Database> | Transaction<Database>,
  message: OutboundText,
): Promise<number> {
  const at = message.now.toISOString();
  const inserted = await db
    .insertInto('messages')
    .values({
      tenant_id: message.tenantId,
      conversation_id: message.conversationId,
      contact_id: message.contactId,
      connection_id: message.connectionId,
      direction: 'out',
      provider_message_id: null,
      kind: 'text',
      text: message.text,
      payload: JSON.stringify(message.payload ?? {}),
      status: 'queued',
      trace_id: createId('trc', message.now),
      turn_id: null,
      created_at: at,
      next_attempt_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}
