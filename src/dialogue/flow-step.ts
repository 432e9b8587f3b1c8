/**
 * The active-flow step. A message that fits the active flow continues it; a cancel word leaves it; a
 * message that is confidently another skill's intent (and answers nothing the flow asked) suspends it
 * on `state.flowStack`, lets the router answer, and then asks "¿Seguimos con …?". The offer is repeated
 * after every turn the customer spends elsewhere, until they answer it, restart or cancel the flow, or
 * it expires (`FLOW_IDLE_LIMIT_MS`).
 */
import type { Skill, TurnContext } from '../skills/skill.ts';
import { isCancel } from './answers.ts';
import type { Step } from './compose-steps.ts';
import type { Flow } from './flow.ts';
import { applyReading, ask, leaveFlow, readTurn, readYesOrNo, yesNoButtons } from './flow-runner.ts';
import { readFlowState, writeFlowState, type FlowProgress } from './flow-state.ts';

export type FlowRegistry = ReadonlyMap<string, Flow>;

function key(skill: string, flow: string): string {
  return `${skill}/${flow}`;
}

/** The flows of the enabled skills, by skill and flow name; a name used twice in one skill is refused. */
export function createFlowRegistry(skills: readonly Skill[]): FlowRegistry {
  const registry = new Map<string, Flow>();
  for (const skill of skills) {
    for (const flow of skill.flows ?? []) {
      if (registry.has(key(skill.name, flow.name)))
        throw new Error(`skill "${skill.name}" declares two flows named "${flow.name}": rename one`);
      registry.set(key(skill.name, flow.name), flow);
    }
  }
  return registry;
}

export function createFlowStep(skills: readonly Skill[], registry: FlowRegistry): Step<TurnContext> {
  const routable = new Set(skills.flatMap((skill) => skill.intents));

  /** Whether the message is confidently an intent some skill answers, other than the flow's own. */
  const interrupts = (context: TurnContext, flow: Flow): boolean => {
    const intent = context.understanding.intent.name;
    return intent !== null && routable.has(intent) && !(flow.intents ?? []).includes(intent);
  };

  const lookup = (progress: FlowProgress) => registry.get(key(progress.skill, progress.name));

  return async (context, next) => {
    // Forget progress that expired, no longer parses, or belongs to a flow no enabled skill declares.
    const stored = readFlowState(context.state, context.now);
    const active = stored.active && lookup(stored.active) ? stored.active : null;
    const stack = stored.stack.filter((entry) => lookup(entry));
    writeFlowState(context.state, { active, stack });

    if (active) {
      const flow = lookup(active)!;
      context.skill = active.skill;
      if (isCancel(context.text)) {
        leaveFlow(context, flow);
        return offerResume(context);
      }
      const interrupted = interrupts(context, flow);
      const reading = await readTurn(context, flow, active, interrupted);
      if (reading.answersQuestion || !interrupted) {
        await applyReading(context, flow, active, reading);
        return offerResume(context);
      }
      context.skill = null;
      writeFlowState(context.state, { active: null, stack: [...stack, { ...active, resumeOffered: false }] });
      await next();
      return offerResume(context);
    }

    const offered = stack.at(-1);
    if (offered?.resumeOffered) {
      const flow = lookup(offered)!;
      const rest = stack.slice(0, -1);
      const answer = isCancel(context.text) ? 'no' : readYesOrNo(context, []);
      const resumed = { ...offered, resumeOffered: false, invalidAnswers: 0 };
      if (answer === 'yes') {
        context.skill = offered.skill;
        writeFlowState(context.state, { active: resumed, stack: rest });
        return ask(context, flow, resumed);
      }
      if (answer === 'no') {
        writeFlowState(context.state, { active: null, stack: rest });
        context.say('dialogue.flow_dropped');
        return offerResume(context);
      }
      const interrupted = interrupts(context, flow);
      const reading = await readTurn(context, flow, resumed, interrupted);
      if (reading.answersQuestion && !interrupted) {
        context.skill = offered.skill;
        writeFlowState(context.state, { active: resumed, stack: rest });
        await applyReading(context, flow, resumed, reading);
        return offerResume(context);
      }
    }
    await next();
    await offerResume(context);
  };

  /** With no flow active and one suspended, asks whether to go back to it. */
  async function offerResume(context: TurnContext): Promise<void> {
    const flows = readFlowState(context.state, context.now);
    if (context.state.flow !== undefined && !flows.active)
      throw new Error('the conversation state holds a flow that does not parse: start flows with startFlow');
    if (flows.active) {
      if (!lookup(flows.active))
        throw new Error(
          `skill "${flows.active.skill}" started flow "${flows.active.name}" without declaring it: add it to the skill's flows`,
        );
      return;
    }
    const top = flows.stack.at(-1);
    const flow = top && lookup(top);
    if (!top || !flow) return;
    context.say('dialogue.flow_resume_offer', { flow: context.render(flow.title) }, yesNoButtons(context));
    writeFlowState(context.state, {
      active: null,
      stack: [...flows.stack.slice(0, -1), { ...top, resumeOffered: true }],
    });
  }
}
