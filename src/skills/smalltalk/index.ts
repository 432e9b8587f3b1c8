import type { Skill, TurnContext } from '../skill.ts';
import { smalltalkTemplates } from './templates.ts';

/** Greetings, goodbyes, the help menu, and the clarifying question when nothing else understood. */
export function createSmalltalkSkill(capabilityKeys: () => string[]): Skill {
  return {
    name: 'smalltalk',
    intents: ['saludo', 'despedida', 'ayuda'],
    templates: smalltalkTemplates,
    async handle(context) {
      switch (context.understanding.intent.name) {
        case 'saludo':
          return greet(context);
        case 'despedida':
          return context.say('smalltalk.goodbye');
        default:
          return help(context);
      }
    },
    async fallback(context, options) {
      context.say('smalltalk.fallback', {}, [
        ...options,
        { id: 'ayuda', title: context.render('smalltalk.button_help') },
      ]);
    },
  };

  function greet(context: TurnContext): void {
    const business = context.tenant.name;
    const name = context.contact.name?.trim().split(/\s+/)[0];
    if (name) context.say('smalltalk.greeting_named', { business, name });
    else context.say('smalltalk.greeting', { business });
  }

  function help(context: TurnContext): void {
    const capabilities = capabilityKeys()
      .map((key) => context.render(key))
      .join('\n');
    context.say('smalltalk.help', { business: context.tenant.name, capabilities });
  }
}
