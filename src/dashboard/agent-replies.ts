/**
 * What an agent sends from the inbox: free text through the hand-off skill's `queueAgentMessage`, and,
 * outside WhatsApp's 24-hour window, the connection's approved template. Both go through the outbox
 * like any reply and are recorded as `agent-message-queued` events.
 */
import type { Kysely } from 'kysely';
import { OrquestaError } from '../core/errors.ts';
import { queueAgentMessage, type AgentMessageResult } from '../skills/handoff/agent-messages.ts';
import type { Database } from '../storage/schema.ts';
import type { ServiceWindow, WindowTemplate } from './service-window.ts';

export interface AgentReplyInput {
  tenantId: string;
  conversationId: string;
  agentId: string;
  now: Date;
  window: ServiceWindow;
}

/** Queues the agent's text; refuses (409, nothing queued) outside the 24-hour window. */
export async function sendAgentText(
  db: Kysely<Database>,
  input: AgentReplyInput & { text: string },
): Promise<number> {
  if (!input.window.open)
    throw new OrquestaError(
      'conflict',
      `the customer last wrote ${input.window.lastInboundAt ? `at ${input.window.lastInboundAt}, more than 24 hours ago` : 'never'}: WhatsApp only accepts an approved template outside its 24-hour window — send the template instead, nothing was sent`,
      { details: { reason: 'window_closed', lastInboundAt: input.window.lastInboundAt } },
    );
  const result = await queueAgentMessage(db, input);
  return queuedOrThrow(result, input);
}

/** Queues the connection's template; only outside the 24-hour window, where free text is refused. */
export async function sendAgentTemplate(
  db: Kysely<Database>,
  input: AgentReplyInput & { template: WindowTemplate | null },
): Promise<number> {
  if (input.window.open)
    throw new OrquestaError(
      'conflict',
      input.window.applies
        ? 'the 24-hour window is open: write the reply as text — templates are for customers who last wrote more than 24 hours ago'
        : "this conversation's channel has no 24-hour window: write the reply as text",
      { details: { reason: 'window_open' } },
    );
  const { template } = input;
  if (!template)
    throw new OrquestaError(
      'conflict',
      "this conversation's connection has no windowTemplate, so nothing can be sent until the customer writes again — set windowTemplate in the connection's settings (docs/channels/)",
      { details: { reason: 'no_template' } },
    );
  const result = await queueAgentMessage(db, {
    ...input,
    text: template.label,
    payload: template.payload,
  });
  return queuedOrThrow(result, input);
}

function queuedOrThrow(result: AgentMessageResult, input: AgentReplyInput): number {
  const id = input.conversationId;
  if (result.status === 'queued') return result.messageId;
  if (result.status === 'not_found')
    throw new OrquestaError(
      'not_found',
      `conversation "${id}" does not exist in your tenant — nothing was sent`,
    );
  if (result.status === 'not_handed_off')
    throw new OrquestaError(
      'conflict',
      `conversation "${id}" is answered by the bot, not handed off — nothing was sent`,
      { details: { reason: 'not_handed_off' } },
    );
  throw new OrquestaError(
    'conflict',
    result.agentId
      ? `conversation "${id}" is assigned to agent "${result.agentId}" — nothing was sent`
      : `conversation "${id}" waits in the queue — take it first, then reply`,
    { details: { reason: result.agentId ? 'other_agent' : 'not_taken' } },
  );
}
