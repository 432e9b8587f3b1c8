/**
 * Agent mode: a message no flow and no skill handled goes to the tenant's language model with the tools
 * of its skills that only read. Its answer is the reply; without one the turn goes on to the fallback's
 * clarifying question, as it would without a model.
 */
import type { Step } from '../../dialogue/compose-steps.ts';
import { formatDateTime } from '../../dialogue/format.ts';
import { formatInstant } from '../../nlu/entities/time/zoned-time.ts';
import type { Skill, TurnContext } from '../../skills/skill.ts';
import type { Tool, ToolContext } from '../../skills/tool.ts';
import type { ChatMessage, LlmClient } from '../llm.ts';
import { turnCall } from '../turn-call.ts';
import { runToolLoop } from './run-tool-loop.ts';

export interface AgentStepOptions {
  /** The tenant's language model; without one, or with `uses.agent` off, the step passes every turn on. */
  llm?: LlmClient | null;
  /** Where the tools read; without it the step passes every turn on. */
  db?: ToolContext['db'];
}

/** The skill name a turn the agent answered is recorded with. */
export const AGENT_SKILL = 'agent';

export function createAgentStep(skills: readonly Skill[], options: AgentStepOptions): Step<TurnContext> {
  const { llm, db } = options;
  if (!llm || !db) return (_context, next) => next();
  return async (context, next) => {
    if (!llm.uses('agent') || context.text.trim() === '') return next();
    const tools = agentTools(skills, context);
    if (tools.length === 0) return next();
    const result = await runToolLoop({
      llm,
      messages: agentMessages(llm, context),
      tools,
      // Whose data the tools reach is the turn's alone: nothing the model writes can change it.
      context: {
        tenant: context.tenant,
        contactId: context.contact.id,
        now: context.now,
        conversationId: context.conversation.id,
        turnKey: context.turnKey,
        db,
      },
      maxSteps: llm.config.agent.maxSteps,
      call: turnCall(context, 'agent'),
    });
    // Recorded even when the model gives no answer: what the tools were asked is part of the turn.
    context.toolCalls.push(...result.toolCalls);
    if (result.text === null) return next();
    context.skill = AGENT_SKILL;
    context.outcome = 'answered';
    context.replies.push({ text: result.text });
  };
}

/** The tools of the enabled skills that do not change data, the first of each name. */
export function agentTools(skills: readonly Skill[], context: TurnContext): Tool[] {
  const byName = new Map<string, Tool>();
  for (const skill of skills) {
    const tools = typeof skill.tools === 'function' ? skill.tools(context) : (skill.tools ?? []);
    for (const tool of tools) if (!tool.mutates && !byName.has(tool.name)) byName.set(tool.name, tool);
  }
  return [...byName.values()];
}

/**
 * The instructions (the `agent` prompt: business, persona, today), the conversation's recent messages,
 * and the customer's message, as user content.
 */
function agentMessages(llm: LlmClient, context: TurnContext): ChatMessage[] {
  const { tenant, now } = context;
  // The wall clock for the customer, and the instant with its offset for tools' date-time arguments.
  const today = `${formatDateTime(now, context)} (${formatInstant(now, tenant.timezone)}, ${tenant.timezone})`;
  const instructions = llm.prompt(context.locale, 'agent', { today });
  return [
    { role: 'system', content: instructions },
    ...(context.history ?? []).map((message): ChatMessage => ({
      role: message.direction === 'in' ? 'user' : 'assistant',
      content: message.text,
    })),
    { role: 'user', content: context.text },
  ];
}
