/**
 * The http-actions skill: each action the tenant declares with an `intent` becomes a conversation that
 * collects the action's slots, confirms when the action asks for it, calls the business's API with the
 * turn's idempotency key (so a replayed turn never acts twice) and replies with the action's templates.
 */
import { OrquestaError } from '../../core/errors.ts';
import { startFlow } from '../../dialogue/flow-runner.ts';
import type { Flow, SlotValues } from '../../dialogue/flow.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Skill, SkillDependencies, TurnContext } from '../skill.ts';
import { actionFlow, inputFromSlots } from './action-flow.ts';
import { checkActionTemplates } from './check-templates.ts';
import type { ExecuteActionOptions } from './execute-action.ts';
import { parseHttpActionsSettings, type HttpAction } from './settings.ts';
import { httpActionsTemplates } from './templates.ts';
import { createHttpActionTools } from './tools.ts';

export const HTTP_ACTIONS_SKILL = 'http-actions';

/** Reads `skillSettings.http-actions` (an `invalid_config` error on any problem) and builds the skill. */
export function createHttpActionsSkill(
  tenant: TenantConfig,
  dependencies: SkillDependencies,
  options: ExecuteActionOptions = {},
): Skill {
  const actions = actionsOf(tenant);
  const byIntent = new Map<string, { action: HttpAction; flow: Flow }>();
  for (const action of actions) {
    if (!action.intent) continue;
    const flow = actionFlow(action, (context, slots) => call(action, context, slots));
    byIntent.set(action.intent, { action, flow });
  }

  /** The actions as tools bound to the turn: the contact's phone and name come from it, never from input. */
  function toolsFor(context: TurnContext, chosen: readonly HttpAction[] = actions) {
    const turn = {
      conversationId: context.conversation.id,
      turnKey: context.turnKey,
      contact: { phone: context.contact.externalId, name: context.contact.name },
    };
    return createHttpActionTools(chosen, turn, options);
  }

  async function call(action: HttpAction, context: TurnContext, slots: SlotValues): Promise<void> {
    const [tool] = toolsFor(context, [action]);
    const outcome = await tool!.execute(inputFromSlots(action, slots), {
      tenant,
      contactId: context.contact.id,
      now: context.now,
      conversationId: context.conversation.id,
      turnKey: context.turnKey,
      db: dependencies.db,
    });
    context.say(outcome.reply, outcome.variables);
  }

  return {
    name: HTTP_ACTIONS_SKILL,
    intents: [...byIntent.keys()],
    templates: httpActionsTemplates,
    flows: [...byIntent.values()].map((entry) => entry.flow),
    tools: (context) => toolsFor(context),
    mainOptions: actions.flatMap((action) =>
      action.intent && action.option ? [{ intent: action.intent, title: action.option }] : [],
    ),
    // The router starts an action's flow itself (the flow lists the intent); this covers any other way in.
    async handle(context) {
      const intent = context.understanding.intent.name;
      const entry = intent === null ? undefined : byIntent.get(intent);
      if (entry) await startFlow(context, entry.flow);
    },
  };
}

function actionsOf(tenant: TenantConfig): HttpAction[] {
  const where = `tenant "${tenant.id}": skillSettings.${HTTP_ACTIONS_SKILL}`;
  const raw = tenant.skillSettings[HTTP_ACTIONS_SKILL];
  if (raw === undefined) {
    throw new OrquestaError(
      'invalid_config',
      `${where}: missing — declare the business's API calls under skillSettings.${HTTP_ACTIONS_SKILL}.actions (see docs/skills/http-actions.md), or remove ${HTTP_ACTIONS_SKILL} from skills`,
    );
  }
  const { actions } = parseHttpActionsSettings(raw, where);
  const owners = new Map<string, string>();
  actions.forEach((action, index) => {
    if (!action.intent) return;
    const owner = owners.get(action.intent);
    if (owner) {
      throw new OrquestaError(
        'invalid_config',
        `${where}.actions[${index}].intent: "${action.intent}" already leads to action "${owner}" — give each action its own intent`,
      );
    }
    owners.set(action.intent, action.name);
  });
  checkActionTemplates(tenant, actions);
  return actions;
}
