import type { Kysely } from 'kysely';
import type { HistoryMessage } from '../llm/grounded-rewrite.ts';
import type { Database } from '../storage/schema.ts';

/** How many earlier messages a turn passes on as context for the language model. */
export const HISTORY_SIZE = 6;

/**
 * The last messages of a conversation before `beforeId` (the turn's first message), oldest first: what
 * the customer wrote and what reached them. Messages without text and replies that failed are left out.
 */
export async function recentHistory(
  db: Kysely<Database>,
  conversationId: string,
  beforeId: number,
  size = HISTORY_SIZE,
): Promise<HistoryMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['direction', 'text'])
    .where('conversation_id', '=', conversationId)
    .where('id', '<', beforeId)
    .where('text', '!=', '')
    .where((where) => where.or([where('direction', '=', 'in'), where('status', '!=', 'failed')]))
    .orderBy('id', 'desc')
    .limit(size)
    .execute();
  return rows.reverse().map((row) => ({ direction: row.direction, text: row.text }));
}
