import { sql, type Kysely } from 'kysely';
import { jsonText } from '../dialect.ts';
import type { Database } from '../schema.ts';

/**
 * Leaves out the message the web chat stores when a visitor opens a chat (`payload.event` is
 * `CHAT_CREATED_EVENT` of `channels/webchat/visitor-history.ts`): it makes the bot greet, but the visitor
 * wrote nothing, so it is no message received.
 */
export function notChatOpening(db: Kysely<Database>) {
  return sql<boolean>`coalesce(${jsonText(db, 'payload', 'event')}, '') <> ${'chat-created'}`;
}
