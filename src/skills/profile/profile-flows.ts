/**
 * One flow per detail (name, email, phone): ask → confirm → the effect writes it to the contact in the
 * turn's commit. `profile_field` asks which detail when the request did not say.
 */
import { startFlow } from '../../dialogue/flow-runner.ts';
import type { Flow, SlotValues } from '../../dialogue/flow.ts';
import type { TurnContext } from '../skill.ts';
import { updateContactDetail } from './contact-profile.ts';
import {
  isValidEmail,
  isValidName,
  isValidPhone,
  readEmail,
  readNameAnswer,
  readPhone,
  type ProfileField,
} from './profile-reading.ts';

function detailFlow(
  field: ProfileField,
  slot: Omit<Flow['slots'][number], 'name' | 'prompt'>,
  normalize: (value: string) => string = (value) => value,
): Flow {
  const valueOf = (slots: SlotValues) => normalize(String(slots[field]));
  return {
    name: `profile_${field}`,
    title: 'profile.flow_update',
    slots: [{ name: field, prompt: `profile.ask_${field}`, ...slot }],
    confirm: `profile.confirm_${field}`,
    cancelled: 'profile.cancelled',
    variables: (_context, slots) => (slots[field] === undefined ? {} : { [field]: valueOf(slots) }),
    async complete(context, slots) {
      const value = valueOf(slots);
      const { tenant, contact } = context;
      context.effects.push((transaction) =>
        updateContactDetail(transaction, tenant.id, contact.id, field, value),
      );
      context.say(`profile.saved_${field}`, { [field]: value });
    },
  };
}

export const nameFlow = detailFlow(
  'name',
  {
    type: 'text',
    validate: (value) =>
      isValidName(readNameAnswer(String(value))) ? null : { template: 'profile.invalid_name' },
  },
  readNameAnswer,
);

export const emailFlow = detailFlow('email', {
  type: 'email',
  extract: (context) => readEmail(context),
  validate: (value) =>
    isValidEmail(String(value))
      ? null
      : { template: 'profile.invalid_email', variables: { email: String(value) } },
});

export const phoneFlow = detailFlow('phone', {
  type: 'phone',
  extract: (context) => readPhone(context),
  validate: (value) =>
    isValidPhone(String(value))
      ? null
      : { template: 'profile.invalid_phone', variables: { phone: String(value) } },
});

const FLOWS: Record<ProfileField, Flow> = { name: nameFlow, email: emailFlow, phone: phoneFlow };

export function flowFor(field: ProfileField): Flow {
  return FLOWS[field];
}

export const fieldFlow: Flow = {
  name: 'profile_field',
  title: 'profile.flow_update',
  slots: [
    {
      name: 'field',
      type: 'choice',
      prompt: 'profile.ask_field',
      options: (context: TurnContext) =>
        (['name', 'email', 'phone'] as const).map((field) => ({
          id: field,
          title: context.render(`profile.field_${field}`),
        })),
    },
  ],
  cancelled: 'profile.cancelled',
  async complete(context, slots) {
    await startFlow(context, flowFor(slots.field as ProfileField));
  },
};
