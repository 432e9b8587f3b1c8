import type { Kysely } from 'kysely';
import { parseStoredJson } from '../../core/json.ts';
import type { Button, Reply } from '../../core/messages.ts';
import type { Database } from '../schema.ts';

export interface TurnView {
  id: string;
  conversationId: string;
  contactId: string;
  intent: string | null;
  confidence: number | null;
  entities: unknown[];
  skill: string | null;
  handoff: boolean;
  outcome: string;
  replies: Reply[];
}

/** A committed turn with the replies it queued, in order. */
export async function findTurnView(db: Kysely<Database>, turnId: string): Promise<TurnView | undefined> {
  const turn = await db.selectFrom('turns').selectAll().where('id', '=', turnId).executeTakeFirst();
  if (!turn) return undefined;
  const replies = await db
    .selectFrom('messages')
    .select(['text', 'payload'])
    .where('turn_id', '=', turnId)
    .where('direction', '=', 'out')
    .orderBy('id')
    .execute();
  return {
    id: turn.id,
    conversationId: turn.conversation_id,
    contactId: turn.contact_id,
    intent: turn.intent,
    confidence: turn.confidence,
    entities: parseStoredJson<unknown[]>(turn.entities, []),
    skill: turn.skill,
    handoff: turn.handoff === 1,
    outcome: turn.outcome,
    replies: replies.map((reply) => {
      const payload = parseStoredJson<{ buttons?: Button[] }>(reply.payload, {});
      return payload.buttons?.length ? { text: reply.text, buttons: payload.buttons } : { text: reply.text };
    }),
  };
}
