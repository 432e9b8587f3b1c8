import type { Button, ConversationStatus } from '../core/messages.ts';
import type { Understander } from '../nlu/parse-result.ts';
import type { ConversationState, Locale, Skill, TurnContext } from '../skills/skill.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { composeSteps } from './compose-steps.ts';
import { dialogueTemplates } from './dialogue-templates.ts';
import { createFallback, createRouter, handoffGate } from './steps.ts';
import { createTemplateRenderer } from './templates.ts';

export interface TurnInput {
  conversation: { id: string; status: ConversationStatus; state: ConversationState };
  contact: { id: string; name: string | null; externalId: string };
  text: string;
  /** The id of the option the customer chose (a button, a list row, a numbered menu's number). */
  buttonId?: string;
  now: Date;
}

export type TurnOutcome = Omit<TurnContext, 'say' | 'render'>;

export interface TurnEngine {
  run(input: TurnInput): Promise<TurnOutcome>;
}

/**
 * Understands one turn and decides what to answer: hand-off gate → router → fallback. It reads and
 * returns; it writes nothing, so a turn that fails before its commit leaves no trace and is replayed.
 */
export function createTurnEngine(
  tenant: TenantConfig,
  skills: Skill[],
  understander: Understander,
): TurnEngine {
  const render = createTemplateRenderer(tenant, [{ templates: dialogueTemplates }, ...skills]);
  const steps = composeSteps<TurnContext>([handoffGate, createRouter(skills), createFallback(skills)]);

  return {
    async run(input) {
      const understanding = await understander.parse(input.text, {
        now: input.now,
        timezone: tenant.timezone,
      });
      const locale: Locale = tenant.locale;
      const context: TurnContext = {
        tenant,
        conversation: { id: input.conversation.id, status: input.conversation.status },
        contact: input.contact,
        text: input.text,
        buttonId: input.buttonId ?? null,
        now: input.now,
        locale,
        understanding,
        state: structuredClone(input.conversation.state),
        replies: [],
        skill: null,
        handoff: input.conversation.status !== 'bot',
        outcome: 'answered',
        effects: [],
        say(key, variables, buttons?: Button[]) {
          const text = render(locale, key, variables);
          context.replies.push(
            buttons?.length
              ? { text, buttons, listButton: render(locale, 'dialogue.list_button') }
              : { text },
          );
        },
        render: (key, variables) => render(locale, key, variables),
      };
      await steps(context);
      return context;
    },
  };
}
