/**
 * The knowledge skill: answers `pregunta_general` from the tenant's documents (the best passages, naming
 * the document), and answers in the fallback position whatever else its documents speak of. When the
 * documents say nothing it says so and offers a person; in the fallback position it passes the turn to
 * the next skill's fallback (smalltalk's clarifying question) instead.
 *
 * With a language model (`llm.uses.knowledge`) the model writes the answer from the retrieved passages,
 * and with an embedding model the search is hybrid; whenever the model fails, the answer is the passage.
 */
import type { Button } from '../../core/messages.ts';
import type { LlmClient } from '../../llm/llm.ts';
import { turnCall } from '../../llm/turn-call.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Skill, SkillDependencies, TurnContext } from '../skill.ts';
import { citeSource } from './answer.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { isCandidate } from './knowledge-index.ts';
import { answerFromPassages } from './model-answer.ts';
import type { PassageEmbedder } from './passage-vectors.ts';
import { knowledgeTemplates } from './templates.ts';
import { createKnowledgeTools } from './tools.ts';
import { createTenantKnowledge } from './tenant-knowledge.ts';

export const KNOWLEDGE_INTENT = 'pregunta_general';

/** The id of the button that offers a person (the same as a flow that gives up). */
export const HANDOFF_BUTTON_ID = 'handoff';

/** Passages the model answers from: enough for an answer spread over sections, few enough to stay focused. */
const MODEL_PASSAGES = 4;

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
  const llm = dependencies.llm?.uses('knowledge') ? dependencies.llm : null;
  const embeddingModel = llm?.config.embeddingModel;

  /** The index's passages embedded within the turn's budget, when the tenant has an embedding model. */
  function embedderFor(context: TurnContext): PassageEmbedder | undefined {
    if (!llm || !embeddingModel) return undefined;
    return { model: embeddingModel, embed: (texts) => llm.embed(texts, turnCall(context, 'embed')) };
  }

  /** Answers the turn's question, or says nothing and returns false when the documents do not answer it. */
  async function answer(context: TurnContext): Promise<boolean> {
    const base = await knowledge.base(embedderFor(context));
    if (llm) {
      const written = await answerWithModel(context, base, llm);
      if (written !== null) return written;
    }
    const extract = await base.answer(context.text);
    if (!extract.found) return false;
    context.say('knowledge.answer', { answer: extract.text, source: citeSource(extract.source) });
    return true;
  }

  /** True or false as `answer`; null when the model gave no usable answer and the passage should be given. */
  async function answerWithModel(
    context: TurnContext,
    base: KnowledgeBase,
    model: LlmClient,
  ): Promise<boolean | null> {
    const index = base.index();
    if (!index.searchable(context.text)) return false;
    const vector =
      index.dimensions === null
        ? null
        : ((await model.embed([context.text], turnCall(context, 'embed')))?.[0] ?? null);
    const hits = await base.search(context.text, { limit: MODEL_PASSAGES, vector });
    const passages = hits.filter(isCandidate);
    if (passages.length === 0) return false;
    const written = await answerFromPassages(model, {
      locale: context.locale,
      question: context.text,
      passages,
      call: turnCall(context, 'knowledge'),
    });
    if (written.outcome === 'unknown') return false;
    if (written.outcome !== 'answered') return null;
    // The model already wrote it in the tenant's persona: a grounded rewrite would only cost a second call.
    context.say('knowledge.answer', { answer: written.text, source: citeSource(written.source) }, undefined, {
      rewrite: false,
    });
    return true;
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
    tools: createKnowledgeTools(() => knowledge.base()),
    async handle(context) {
      if (!(await answer(context))) sayNotFound(context);
    },
    async fallback(context, options) {
      if (await answer(context)) {
        context.skill = skill.name;
        context.outcome = 'answered';
        return;
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
