/** What escalating does when the tenant enables hand-offs: choose an agent, tell the customer, open the hand-off. */
import type { Kysely } from 'kysely';
import { createId } from '../../core/ids.ts';
import type { Escalate } from '../../dialogue/escalation.ts';
import { formatDateTime } from '../../dialogue/format.ts';
import type { Database } from '../../storage/schema.ts';
import { agentLoads, chooseAgent, nextAnswerTime } from './assign-agent.ts';
import { queueAgentTemplate } from './agent-template.ts';
import { openHandoff } from './handoffs-repository.ts';
import type { HandoffSettings } from './settings.ts';

/**
 * The turn is handed off: the least loaded available agent is chosen (or none), the customer is told who
 * will answer or when someone will, and the turn's commit opens the hand-off, which sets the
 * conversation to `human` (with an agent) or `pending_human` (queued). From the next message on the bot
 * is silent until the conversation is released. The active and suspended flows are dropped: a person
 * now owns the conversation. An assigned agent with a phone gets the tenant's `agentTemplate`, when set.
 */
export function createHandoffEscalate(settings: HandoffSettings, db: Kysely<Database>): Escalate {
  return async (context, escalation) => {
    context.handoff = true;
    context.state.escalation = { ...escalation, at: context.now.toISOString() };
    delete context.state.escalationRequest;
    delete context.state.flow;
    delete context.state.flowStack;

    const { tenant, now } = context;
    const agent = chooseAgent(settings.agents, await agentLoads(db, tenant.id), now, tenant.timezone);
    if (agent) {
      context.say('handoff.assigned', { agent: agent.name });
    } else {
      const when = nextAnswerTime(settings.agents, now, tenant.timezone);
      if (when) context.say('handoff.queued_at', { when: formatDateTime(when, context) });
      else context.say('handoff.queued_soon');
    }
    const handoffId = createId('hof', now);
    context.effects.push(async (transaction) => {
      const handoff = {
        tenantId: tenant.id,
        conversationId: context.conversation.id,
        contactId: context.contact.id,
        reason: escalation.reason,
        now,
      };
      await openHandoff(transaction, { ...handoff, id: handoffId, agent });
      if (agent && settings.agentTemplate)
        await queueAgentTemplate(transaction, { ...handoff, agent, template: settings.agentTemplate });
    });
  };
}
