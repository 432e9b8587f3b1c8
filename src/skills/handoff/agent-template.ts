/**
 * The WhatsApp template that tells an agent a hand-off is theirs. It is queued in the outbox, inside the
 * transaction that assigns the hand-off, as a message of the agent's own conversation on the template's
 * connection: it goes out once the assignment commits, with the outbox's retries, backoff and ordering,
 * and a rolled-back (then replayed) turn leaves nothing queued behind.
 */
import { queueOutboundText } from '../../storage/repositories/outbox.ts';
import type { Transaction } from 'kysely';
import { createId } from '../../core/ids.ts';
import type { Database } from '../../storage/schema.ts';
import type { Agent, AgentTemplate, AgentTemplateParameter } from './settings.ts';

export interface AgentTemplateInput {
  tenantId: string;
  template: AgentTemplate;
  agent: Agent;
  /** The customer's conversation that was handed off. */
  conversationId: string;
  contactId: string;
  reason: string;
  now: Date;
}

/** WhatsApp refuses an empty body parameter, so a missing value is sent as this. */
const MISSING = '-';

/**
 * Queues the tenant's agent template to the agent's phone; returns the outbox message id, or null when the
 * agent has no phone. Call it inside the transaction that assigns the hand-off.
 */
export async function queueAgentTemplate(
  trx: Transaction<Database>,
  input: AgentTemplateInput,
): Promise<number | null> {
  const { agent, template, now } = input;
  if (!agent.phone) return null;
  const customer = await trx
    .selectFrom('contacts')
    .select(['name', 'phone', 'external_id'])
    .where('id', '=', input.contactId)
    .executeTakeFirst();
  const values: Record<AgentTemplateParameter, string> = {
    customer_name: customer?.name || MISSING,
    customer_phone: customer?.phone || MISSING,
    reason: input.reason,
    conversation_id: input.conversationId,
    agent_name: agent.name,
  };
  const parameters = template.parameters.map((parameter) => ({ type: 'text', text: values[parameter] }));
  const payload = {
    template: {
      name: template.name,
      language: template.language,
      ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
    },
  };
  const { contactId, conversationId } = await agentConversation(trx, input, agent.phone);
  return queueOutboundText(trx, {
    tenantId: input.tenantId,
    conversationId,
    contactId,
    connectionId: template.connection,
    // What the conversation's history shows; WhatsApp Cloud sends the template instead.
    text: `Nueva conversación para ${agent.name}: ${values.customer_name} (${values.customer_phone}), motivo ${input.reason}, conversación ${input.conversationId}.`,
    payload,
    now,
  });
}

/**
 * The agent's contact on the template's connection and its open conversation, created when missing. A new
 * conversation starts as `human`, so the bot stays silent if the agent writes back to the business number.
 */
async function agentConversation(
  trx: Transaction<Database>,
  input: AgentTemplateInput,
  phone: string,
): Promise<{ contactId: string; conversationId: string }> {
  const { tenantId, template, agent, now } = input;
  const at = now.toISOString();
  await trx
    .insertInto('contacts')
    .values({
      id: createId('ct', now),
      tenant_id: tenantId,
      connection_id: template.connection,
      external_id: phone,
      name: agent.name,
      phone,
      email: null,
      created_at: at,
      last_seen_at: at,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'connection_id', 'external_id']).doNothing())
    .execute();
  const contact = await trx
    .selectFrom('contacts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('connection_id', '=', template.connection)
    .where('external_id', '=', phone)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('conversations')
    .values({
      id: createId('conv', now),
      tenant_id: tenantId,
      contact_id: contact.id,
      connection_id: template.connection,
      status: 'human',
      state: '{}',
      turn_count: 0,
      created_at: at,
      last_message_at: at,
      closed_at: null,
      next_turn_at: null,
      lease_owner: null,
      lease_expires_at: null,
    })
    .onConflict((conflict) => conflict.column('contact_id').where('closed_at', 'is', null).doNothing())
    .execute();
  const conversation = await trx
    .selectFrom('conversations')
    .select('id')
    .where('contact_id', '=', contact.id)
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('conversations')
    .set({ last_message_at: at })
    .where('id', '=', conversation.id)
    .execute();
  return { contactId: contact.id, conversationId: conversation.id };
}
