/**
 * The knowledge skill: answers `pregunta_general` from the tenant's documents (the best passages, naming
 * the document), and answers in the fallback position whatever else its documents speak of. When the
 * documents say nothing it says so and offers a person; in the fallback position it passes the turn to
 * the next skill's fallback (smalltalk's clarifying question) instead.
 */
import type { Button } from '../../core/messages.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Skill, SkillDependencies, TurnContext } from '../skill.ts';
import { citeSource, type KnowledgeAnswer } from './answer.ts';
import { knowledgeTemplates } from './templates.ts';
import { createTenantKnowledge } from './tenant-knowledge.ts';

export const KNOWLEDGE_INTENT = 'pregunta_general';

/** The id of the button that offers a person (the same as a flow that gives up). */
export const HANDOFF_BUTTON_ID = 'handoff';

/**
 * `skills` gives the tenant's skills once they are all built: the fallback hands the turns its documents
 * do not answer to the first skill after this one that has a fallback.
 */
export function createKnowledgeSkill(
  tenant: TenantConfig,
  dependencies: SkillDependencies,
  skills: () => readonly Skill[] = () => [],
): Skill {
  const knowledge = createTenantKnowledge(tenant, dependencies);

  async function answerOf(context: TurnContext): Promise<KnowledgeAnswer> {
    const base = await knowledge.base();
    return base.answer(context.text);
  }

  function sayAnswer(context: TurnContext, answer: Extract<KnowledgeAnswer, { found: true }>): void {
    context.say('knowledge.answer', { answer: answer.text, source: citeSource(answer.source) });
  }

  /** Offers a person: the button, or a yes to the next message (`state.escalationRequest`, read by the hand-off policies). */
  function sayNotFound(context: TurnContext): void {
    context.state.escalationRequest = { reason: 'no_answer' };
    const human: Button = { id: HANDOFF_BUTTON_ID, title: context.render('dialogue.button_human') };
    context.say('knowledge.not_found', {}, [human]);
  }

  const skill: Skill = {
    name: 'knowledge',
    intents: [KNOWLEDGE_INTENT],
    templates: knowledgeTemplates,
    async handle(context) {
      const answer = await answerOf(context);
      if (answer.found) return sayAnswer(context, answer);
      sayNotFound(context);
    },
    async fallback(context, options) {
      const answer = await answerOf(context);
      if (answer.found) {
        context.skill = skill.name;
        context.outcome = 'answered';
        return sayAnswer(context, answer);
      }
      const all = skills();
      const position = all.indexOf(skill);
      const next = position < 0 ? undefined : all.slice(position + 1).find((candidate) => candidate.fallback);
      if (!next?.fallback) return sayNotFound(context);
      context.skill = next.name;
      await next.fallback(context, options);
    },
  };
  return skill;
}
