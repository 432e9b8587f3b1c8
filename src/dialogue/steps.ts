import type { Button } from '../core/messages.ts';
import type { Skill, TurnContext } from '../skills/skill.ts';
import type { Step } from './compose-steps.ts';
import type { Flow } from './flow.ts';
import { startFlow } from './flow-runner.ts';

/** Main options offered by the fallback at most: a WhatsApp list holds ten rows, one is the help button. */
export const MAX_MAIN_OPTIONS = 9;

/** While a human owns the conversation the bot says nothing. */
export const handoffGate: Step<TurnContext> = async (context, next) => {
  if (context.conversation.status !== 'bot') {
    context.handoff = true;
    context.outcome = 'silenced';
    return;
  }
  await next();
};

/**
 * Sends the turn to the skill that owns its intent: it starts the skill's flow for that intent, if one
 * declares it, and otherwise calls the skill's `handle`.
 */
export function createRouter(skills: Skill[]): Step<TurnContext> {
  const byIntent = new Map<string, { skill: Skill; flow: Flow | undefined }>();
  for (const skill of skills)
    for (const intent of skill.intents) {
      if (byIntent.has(intent)) continue;
      const flow = skill.flows?.find((candidate) => candidate.intents?.includes(intent));
      byIntent.set(intent, { skill, flow });
    }
  return async (context, next) => {
    const intent = context.understanding.intent.name;
    const route = intent === null ? undefined : byIntent.get(intent);
    if (!route) return next();
    context.skill = route.skill.name;
    if (route.flow) await startFlow(context, route.flow);
    else await route.skill.handle(context);
  };
}

/**
 * What nothing else handled: the first skill that offers a fallback asks a clarifying question, offering
 * the enabled skills' main options as buttons.
 */
export function createFallback(skills: Skill[]): Step<TurnContext> {
  const skill = skills.find((candidate) => candidate.fallback);
  const mainOptions = skills.flatMap((candidate) => candidate.mainOptions ?? []).slice(0, MAX_MAIN_OPTIONS);
  return async (context) => {
    context.outcome = 'fallback';
    if (!skill?.fallback) return;
    context.skill = skill.name;
    const options: Button[] = mainOptions.map((option) => ({
      id: option.intent,
      title: context.render(option.title),
    }));
    await skill.fallback(context, options);
  };
}
