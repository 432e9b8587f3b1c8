/**
 * The `handoffs` table and the conversation status that goes with it: open a hand-off (queued or
 * assigned), assign it to an agent, release the conversation back to the bot, list the queue.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { parseStoredJson } from '../../core/json.ts';
import type { Database, HandoffTable } from '../../storage/schema.ts';
import { queueAgentTemplate } from './agent-template.ts';
import type { Agent, AgentTemplate } from './settings.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

export type HandoffRow = Selectable<HandoffTable>;

export interface HandoffView {
  id: string;
  conversationId: string;
  contactId: string;
  reason: string;
  status: HandoffRow['status'];
  agentId: string | null;
  createdAt: string;
  assignedAt: string | null;
  releasedAt: string | null;
}

export function toHandoffView(row: HandoffRow): HandoffView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    reason: row.reason,
    status: row.status,
    agentId: row.agent_id,
    createdAt: row.created_at,
    assignedAt: row.assigned_at,
    releasedAt: row.released_at,
  };
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The lowest of the agent's places (1 … maxConcurrent) no assigned hand-off holds, or null when the agent
 * is full. Two transactions that pick the same place collide on the `handoffs_agent_slot` index.
 */
export async function freeAgentSlot(db: Queryable, tenantId: string, agent: Agent): Promise<number | null> {
  const rows = await db
    .selectFrom('handoffs')
    .select('agent_slot')
    .where('tenant_id', '=', tenantId)
    .where('agent_id', '=', agent.id)
    .where('status', '=', 'assigned')
    .execute();
  const taken = new Set(rows.map((row) => row.agent_slot));
  for (let slot = 1; slot <= agent.maxConcurrent; slot++) if (!taken.has(slot)) return slot;
  return null;
}

export interface OpenHandoffInput {
  id: string;
  tenantId: string;
  conversationId: string;
  contactId: string;
  reason: string;
  /** The agent chosen while the turn was decided; null queues the hand-off. */
  agent: Agent | null;
  now: Date;
}

/**
 * Inside the turn's commit: the hand-off row, the conversation's new status (`human` with an agent,
 * `pending_human` without) and a `conversation-escalated` event. Throws when the chosen agent filled up
 * meanwhile, so that the turn is replayed and chooses again.
 */
export async function openHandoff(trx: Transaction<Database>, input: OpenHandoffInput): Promise<void> {
  const at = input.now.toISOString();
  const slot = input.agent ? await freeAgentSlot(trx, input.tenantId, input.agent) : null;
  if (input.agent && slot === null) {
    throw new Error(
      `agent "${input.agent.id}" of tenant "${input.tenantId}" filled up; the turn is replayed`,
    );
  }
  await trx
    .insertInto('handoffs')
    .values({
      id: input.id,
      tenant_id: input.tenantId,
      conversation_id: input.conversationId,
      contact_id: input.contactId,
      reason: input.reason,
      status: input.agent ? 'assigned' : 'queued',
      agent_id: input.agent?.id ?? null,
      agent_slot: slot,
      created_at: at,
      assigned_at: input.agent ? at : null,
      released_at: null,
      notified_at: null,
    })
    .execute();
  await trx
    .updateTable('conversations')
    .set({ status: input.agent ? 'human' : 'pending_human' })
    .where('id', '=', input.conversationId)
    .execute();
  await recordEvent(
    trx,
    input.tenantId,
    'conversation-escalated',
    input.conversationId,
    input.contactId,
    at,
    {
      handoffId: input.id,
      reason: input.reason,
      agentId: input.agent?.id ?? null,
    },
  );
}

export type AssignResult =
  | { status: 'assigned'; handoff: HandoffRow }
  | { status: 'not_found' }
  | { status: 'released' }
  | { status: 'agent_full' };

/**
 * Gives an open hand-off to `agent` (taking it from the queue or from another agent); the agent is notified
 * again, and gets `agentTemplate` (the tenant's, when set) queued in the same transaction.
 */
export async function assignHandoff(
  db: Kysely<Database>,
  tenantId: string,
  handoffId: string,
  agent: Agent,
  now: Date,
  agentTemplate?: AgentTemplate,
): Promise<AssignResult> {
  return db
    .transaction()
    .execute(async (trx): Promise<AssignResult> => {
      const handoff = await trx
        .selectFrom('handoffs')
        .selectAll()
        .where('id', '=', handoffId)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!handoff) return { status: 'not_found' };
      if (handoff.status === 'released') return { status: 'released' };
      if (handoff.status === 'assigned' && handoff.agent_id === agent.id)
        return { status: 'assigned', handoff };
      // The agent's current place, if any, is freed by this update before a new one is taken.
      await trx
        .updateTable('handoffs')
        .set({ status: 'queued', agent_slot: null })
        .where('id', '=', handoffId)
        .execute();
      const slot = await freeAgentSlot(trx, tenantId, agent);
      if (slot === null) throw new AgentFullError();
      const at = now.toISOString();
      await trx
        .updateTable('handoffs')
        .set({ status: 'assigned', agent_id: agent.id, agent_slot: slot, assigned_at: at, notified_at: null })
        .where('id', '=', handoffId)
        .execute();
      await trx
        .updateTable('conversations')
        .set({ status: 'human' })
        .where('id', '=', handoff.conversation_id)
        .execute();
      await recordEvent(trx, tenantId, 'handoff-assigned', handoff.conversation_id, handoff.contact_id, at, {
        handoffId,
        agentId: agent.id,
        previousAgentId: handoff.agent_id,
      });
      if (agentTemplate) {
        await queueAgentTemplate(trx, {
          tenantId,
          template: agentTemplate,
          agent,
          conversationId: handoff.conversation_id,
          contactId: handoff.contact_id,
          reason: handoff.reason,
          now,
        });
      }
      const row = await trx
        .selectFrom('handoffs')
        .selectAll()
        .where('id', '=', handoffId)
        .executeTakeFirstOrThrow();
      return { status: 'assigned', handoff: row };
    })
    .catch((error: unknown): AssignResult => {
      if (error instanceof AgentFullError || isUniqueViolation(error)) return { status: 'agent_full' };
      throw error;
    });
}

class AgentFullError extends Error {}

export async function findOpenHandoff(db: Queryable, tenantId: string, conversationId: string) {
  return db
    .selectFrom('handoffs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .where('status', '<>', 'released')
    .executeTakeFirst();
}

export type ReleaseResult = 'released' | 'not_found' | 'busy';

/**
 * Back to the bot: the conversation's status is `bot`, its open hand-off is released, and the state
 * forgets the escalation and restarts its counters (so a message limit counts again from zero). Like a
 * reset, it refuses while a turn of the conversation holds its lease.
 */
export async function releaseConversation(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  now: Date,
): Promise<ReleaseResult> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const conversation = await trx
      .selectFrom('conversations')
      .select(['status', 'state', 'contact_id'])
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!conversation) return 'not_found';
    const {
      escalation: _escalation,
      escalationRequest: _request,
      counters: _counters,
      ...state
    } = parseStoredJson<Record<string, unknown>>(conversation.state, {});
    const updated = await trx
      .updateTable('conversations')
      .set({ status: 'bot', state: JSON.stringify(state) })
      .where('id', '=', conversationId)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', at)]))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return 'busy';
    const open = await findOpenHandoff(trx, tenantId, conversationId);
    if (open) {
      await trx
        .updateTable('handoffs')
        .set({ status: 'released', released_at: at, agent_slot: null })
        .where('id', '=', open.id)
        .execute();
    }
    await recordEvent(trx, tenantId, 'conversation-released', conversationId, conversation.contact_id, at, {
      handoffId: open?.id ?? null,
      previousStatus: conversation.status,
    });
    return 'released';
  });
}

export async function listHandoffs(
  db: Kysely<Database>,
  tenantId: string,
  filter: { status?: HandoffRow['status']; contactId?: string },
): Promise<HandoffRow[]> {
  let query = db.selectFrom('handoffs').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  return query.orderBy('created_at').orderBy('id').limit(500).execute();
}

export async function recordEvent(
  db: Queryable,
  tenantId: string,
  type: string,
  conversationId: string,
  contactId: string,
  at: string,
  data: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('events')
    .values({
      tenant_id: tenantId,
      type,
      conversation_id: conversationId,
      contact_id: contactId,
      turn_id: null,
      data: JSON.stringify(data),
      created_at: at,
    })
    .execute();
}
