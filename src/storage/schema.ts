/**
 * The tables as Kysely sees them. Times are ISO-8601 UTC strings (`2026-11-23T14:00:00.000Z`), which sort
 * and compare the same way on SQLite and PostgreSQL; JSON columns hold text; booleans are 0/1.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface TenantTable {
  id: string;
  name: string;
  locale: string;
  timezone: string;
  currency: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectionTable {
  tenant_id: string;
  id: string;
  channel: string;
  created_at: string;
}

export interface ContactTable {
  id: string;
  tenant_id: string;
  connection_id: string;
  /** The sender's address on the channel: phone digits, chat id, visitor id. */
  external_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  created_at: string;
  last_seen_at: string;
  /** When the contact opted out of proactive messages (Gupshup user events); null when not. */
  opted_out_at: string | null;
}

export interface ConversationTable {
  id: string;
  tenant_id: string;
  contact_id: string;
  connection_id: string;
  status: string;
  /** Dialogue state (active flow, slots, counters), JSON. */
  state: string;
  turn_count: Generated<number>;
  created_at: string;
  last_message_at: string;
  closed_at: string | null;
  /** When the next turn may run: the last pending message's arrival plus the debounce window. Null when nothing waits. */
  next_turn_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
}

export interface MessageTable {
  id: Generated<number>;
  tenant_id: string;
  conversation_id: string;
  contact_id: string;
  connection_id: string;
  direction: 'in' | 'out';
  provider_message_id: string | null;
  kind: string;
  text: string;
  /** Channel details and, outbound, the reply's buttons; JSON. */
  payload: string;
  status: string;
  trace_id: string;
  turn_id: string | null;
  created_at: string;
  /** Inbound: when a turn consumed it. */
  processed_at: string | null;
  /** Inbound: the turn's clock, when the sender fixed it (test channel). */
  clock_override: string | null;
  /** Outbound delivery bookkeeping. */
  attempts: Generated<number>;
  next_attempt_at: string | null;
  lease_expires_at: string | null;
  error_code: string | null;
  error_message: string | null;
  sent_at: string | null;
  updated_at: string;
}

export interface TurnTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  contact_id: string;
  trace_id: string;
  intent: string | null;
  confidence: number | null;
  entities: string;
  skill: string | null;
  handoff: number;
  tool_calls: string;
  llm_usage: string | null;
  outcome: string;
  latency_ms: number;
  started_at: string;
  created_at: string;
}

export interface EventTable {
  id: Generated<number>;
  tenant_id: string;
  type: string;
  conversation_id: string | null;
  contact_id: string | null;
  turn_id: string | null;
  /** Never personal data: events outlive an erased contact. */
  data: string;
  created_at: string;
}

export interface WebhookLogTable {
  id: Generated<number>;
  tenant_id: string;
  connection_id: string;
  channel: string;
  method: string;
  received_at: string;
  /** JSON array of the event types the request carried (`message`, `status`, `contact`). */
  event_types: string;
  status_code: number;
  error: string | null;
  duration_ms: number;
  /** The payload with secrets and personal data redacted. */
  payload: string;
}

export interface DeliveryStatusTable {
  id: Generated<number>;
  tenant_id: string;
  connection_id: string;
  provider_message_id: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  occurred_at: string | null;
  received_at: string;
}

export interface AppointmentTable {
  id: string;
  tenant_id: string;
  contact_id: string;
  /** The conversation it was booked in; null when booked elsewhere or the conversation is gone. */
  conversation_id: string | null;
  service_id: string;
  professional_id: string;
  start_at: string;
  end_at: string;
  /** `pending`, `confirmed` or `cancelled`. */
  status: string;
  /** When the reminder went out; null while it is still due. */
  reminder_sent_at: string | null;
  cancelled_at: string | null;
  /** 1 when cancelled or moved inside the paid-cancellation window. */
  late_cancellation: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A knowledge document added or replaced through the admin API, laid over the tenant's folder (migration 0004). */
export interface KnowledgeDocumentTable {
  tenant_id: string;
  /** The file name, e.g. `horarios.md`; a folder file of the same name is replaced by this one. */
  name: string;
  content: string;
  /** ISO time of the last change; strictly increasing per document so that a change is always noticed. */
  updated_at: string;
}

/** One row per 15-minute block a non-cancelled appointment holds; the primary key forbids double bookings. */
export interface AppointmentClaimTable {
  tenant_id: string;
  professional_id: string;
  block_start: string;
  appointment_id: string;
}

/** A package or sessions bought in a conversation; paid through its payment link (migration 0006). */
export interface OrderTable {
  id: string;
  tenant_id: string;
  contact_id: string;
  conversation_id: string | null;
  /** `package` or `service`. */
  item_kind: string;
  item_id: string;
  /** The service the sessions are of. */
  service_id: string;
  description: string;
  quantity: number;
  amount: number;
  currency: string;
  /** Sessions bought: the package's sessions times the quantity, or the quantity of single sessions. */
  sessions: number;
  /** `pending`, `paid` or `cancelled`. */
  status: string;
  payment_url: string;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A conversation handed to a person: `queued` until an agent takes it, `assigned`, then `released`. */
export interface HandoffTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  contact_id: string;
  /** Why: `asked_for_human`, `keyword`, `low_confidence`, `message_limit`, `invalid_answers`… */
  reason: string;
  status: 'queued' | 'assigned' | 'released';
  agent_id: string | null;
  /** Which of the agent's `maxConcurrent` places it holds while assigned (unique per agent). */
  agent_slot: number | null;
  created_at: string;
  assigned_at: string | null;
  released_at: string | null;
  /** When the agent was notified (webhook); null while due. */
  notified_at: string | null;
}

/** The embedding of one knowledge passage, kept until its text or the model changes (migration 0008). */
export interface KnowledgeVectorTable {
  tenant_id: string;
  /** The document the passage belongs to, e.g. `horarios.md`. */
  document: string;
  /** sha256 (hex) of the passage text that was embedded. */
  content_hash: string;
  model: string;
  dimensions: number;
  /** The vector, a JSON array of numbers. */
  vector: string;
  created_at: string;
}

/** A token an agent logs in to the inbox with, created through the admin API; only its SHA-256 is kept (migration 0009). */
export interface AgentTokenTable {
  id: string;
  tenant_id: string;
  agent_id: string;
  /** Hex SHA-256 of the token. */
  token_hash: string;
  created_at: string;
}

/** An agent's availability switch in the inbox; no row means switched on (migration 0009). */
export interface AgentStatusTable {
  tenant_id: string;
  agent_id: string;
  /** 1 on, 0 off. */
  available: number;
  updated_at: string;
}

/** One language-model call and its usage (migration 0007). */
export interface LlmCallTable {
  id: string;
  tenant_id: string;
  conversation_id: string | null;
  turn_key: string | null;
  /** What the call was for: `rewrite`, `understand`, `knowledge`, `agent`, `embed`, `transcribe`, `describe`. */
  purpose: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  /** From the tenant's price table, in its currency of choice; 0 for a model without a price. */
  cost: number;
  latency_ms: number;
  /** `ok`, `error` or `rejected` (the answer failed a check such as the grounding guard). */
  outcome: string;
  created_at: string;
  /** The calendar day of the call (YYYY-MM-DD) in the tenant's time zone. */
  day: string;
}

export interface Database {
  llm_calls: LlmCallTable;
  agent_tokens: AgentTokenTable;
  agent_status: AgentStatusTable;
  tenants: TenantTable;
  connections: ConnectionTable;
  contacts: ContactTable;
  conversations: ConversationTable;
  messages: MessageTable;
  turns: TurnTable;
  events: EventTable;
  webhook_log: WebhookLogTable;
  delivery_statuses: DeliveryStatusTable;
  appointments: AppointmentTable;
  appointment_claims: AppointmentClaimTable;
  knowledge_documents: KnowledgeDocumentTable;
  knowledge_vectors: KnowledgeVectorTable;
  handoffs: HandoffTable;
  orders: OrderTable;
}

export type ContactRow = Selectable<ContactTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type MessageUpdate = Updateable<MessageTable>;
export type TurnRow = Selectable<TurnTable>;
export type EventRow = Selectable<EventTable>;
export type AppointmentRow = Selectable<AppointmentTable>;
export type OrderRow = Selectable<OrderTable>;
