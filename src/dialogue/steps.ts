import type { Skill, TurnContext } from '../skills/skill.ts';
import type { Step } from './compose-steps.ts';

/** While a human owns the conversation the bot says nothing. */
export const handoffGate: Step<TurnContext> = async (context, next) => {
  if (context.conversation.status !== 'bot') {
    context.handoff = true;
    context.outcome = 'silenced';
    return;
  }
  await next();
};

/** Sends the turn to the skill that owns its intent. */
export function createRouter(skills: Skill[]): Step<TurnContext> {
  const byIntent = new Map<string, Skill>();
  for (const skill of skills)
    for (const intent of skill.intents) if (!byIntent.has(intent)) byIntent.set(intent, skill);
  return async (context, next) => {
    const intent = context.understanding.intent.name;
    const skill = intent === null ? undefined : byIntent.get(intent);
    if (!skill) return next();
    context.skill = skill.name;
    await skill.handle(context);
  };
}

/** What nothing else handled: the first skill that offers a fallback asks the customer to say it again. */
export function createFallback(skills: Skill[]): Step<TurnContext> {
  const skill = skills.find((candidate) => candidate.fallback);
  return async (context) => {
    context.outcome = 'fallback';
    if (!skill?.fallback) return;
    context.skill = skill.name;
    await skill.fallback(context);
  };
}
