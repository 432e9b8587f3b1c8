import { startFlow } from '../../dialogue/flow-runner.ts';
import type { Skill } from '../skill.ts';
import { emailFlow, fieldFlow, flowFor, nameFlow, phoneFlow } from './profile-flows.ts';
import { fieldOf, isValidName, nameIn } from './profile-reading.ts';
import { profileTemplates } from './templates.ts';

/**
 * The customer's own details (`actualizar_perfil`): name, email (validated, with a clear answer when it
 * is not an address) and phone, each confirmed and then written to `contacts` in the turn's commit.
 */
export function createProfileSkill(): Skill {
  return {
    name: 'profile',
    intents: ['actualizar_perfil'],
    templates: profileTemplates,
    flows: [fieldFlow, nameFlow, emailFlow, phoneFlow],
    async handle(context) {
      const field = fieldOf(context);
      if (!field) return startFlow(context, fieldFlow);
      const name = field === 'name' ? nameIn(context.text) : undefined;
      return startFlow(context, flowFor(field), name && isValidName(name) ? { name } : {});
    },
  };
}
