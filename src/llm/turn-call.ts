import type { TurnContext } from '../skills/skill.ts';
import type { LlmCall, LlmPurpose } from './llm.ts';

/** A call made for a turn: within its time budget, and recorded with it. */
export function turnCall(context: TurnContext, purpose: LlmPurpose): LlmCall {
  return {
    purpose,
    conversationId: context.conversation.id,
    turnKey: context.turnKey,
    ...(context.llmDeadline === undefined ? {} : { deadline: context.llmDeadline }),
    onUsage: (usage) => context.llmUsage.push(usage),
  };
}
