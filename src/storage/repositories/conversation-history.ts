/** One conversation's history for the admin API: its messages and its turns, each in the order they happened. */
import type { Kysely } from 'kysely';
import { parseStoredJson } from '../../core/json.ts';
import type { Button } from '../../core/messages.ts';
import type { Database } from '../schema.ts';

export interface HistoryMessage {
  id: number;
  direction: 'in' | 'out';
  kind: string;
  text: string;
  /** Inbound: received, processed or failed. Outbound: queued, sending, sent, delivered, read or failed. */
  status: string;
  /** The buttons an outbound reply offered. */
  buttons: Button[];
  /** The turn that consumed (inbound) or produced (outbound) the message; null while none has. */
  turnId: string | null;
  /** Outbound: the provider's error code when a send failed. */
  errorCode: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface HistoryTurn {
  id: string;
  intent: string | null;
  confidence: number | null;
  entities: unknown[];
  skill: string | null;
  handoff: boolean;
  outcome: string;
  latencyMs: number;
  createdAt: string;
}

export interface ConversationHistory {
  conversationId: string;
  messages: HistoryMessage[];
  turns: HistoryTurn[];
}

/** The whole history of one of the tenant's conversations; undefined when it is not the tenant's. */
export async function findConversationHistory(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
): Promise<ConversationHistory | undefined> {
  const conversation = await db
    .selectFrom('conversations')
    .select('id')
    .where('id', '=', conversationId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!conversation) return undefined;

  const messages = await db
    .selectFrom('messages')
    .select([
      'id',
      'direction',
      'kind',
      'text',
      'status',
      'payload',
      'turn_id',
      'error_code',
      'created_at',
      'sent_at',
    ])
    .where('conversation_id', '=', conversationId)
    .orderBy('id')
    .execute();
  const turns = await db
    .selectFrom('turns')
    .select([
      'id',
      'intent',
      'confidence',
      'entities',
      'skill',
      'handoff',
      'outcome',
      'latency_ms',
      'created_at',
    ])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

  return {
    conversationId,
    messages: messages.map((message) => ({
      id: Number(message.id),
      direction: message.direction,
      kind: message.kind,
      text: message.text,
      status: message.status,
      buttons:
        message.direction === 'out'
          ? (parseStoredJson<{ buttons?: Button[] }>(message.payload, {}).buttons ?? [])
          : [],
      turnId: message.turn_id,
      errorCode: message.error_code,
      createdAt: message.created_at,
      sentAt: message.sent_at,
    })),
    turns: turns.map((turn) => ({
      id: turn.id,
      intent: turn.intent,
      confidence: turn.confidence === null ? null : Number(turn.confidence),
      entities: parseStoredJson<unknown[]>(turn.entities, []),
      skill: turn.skill,
      handoff: Number(turn.handoff) === 1,
      outcome: turn.outcome,
      latencyMs: Number(turn.latency_ms),
      createdAt: turn.created_at,
    })),
  };
}
