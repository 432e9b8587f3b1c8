/** The input an HTTP action takes, built from its declared slots: one schema for the flow and the tool. */
import { z } from 'zod';
import type { TemplateScalar } from './render-template.ts';
import type { HttpAction, HttpActionSlot } from './settings.ts';

export type ActionInput = Record<string, TemplateScalar | undefined>;

/** Free text longer than this is not a slot value but a pasted document. */
const MAX_TEXT_LENGTH = 2000;

/** A strict object of the action's slots: unknown slots are refused, optional ones may be left out. */
export function actionInputSchema(action: HttpAction): z.ZodType<ActionInput> {
  const shape = Object.fromEntries(
    Object.entries(action.slots).map(([name, slot]) => {
      const schema = slotValueSchema(slot);
      return [name, slot.required ? schema : schema.optional()];
    }),
  );
  return z.strictObject(shape) as unknown as z.ZodType<ActionInput>;
}

function slotValueSchema(slot: HttpActionSlot): z.ZodType<TemplateScalar> {
  const described = (schema: z.ZodType<TemplateScalar>) =>
    slot.description ? schema.describe(slot.description) : schema;
  if (slot.type === 'number') return described(z.number({ error: 'expected a number' }));
  if (slot.type === 'boolean') return described(z.boolean({ error: 'expected true or false' }));
  if (slot.values) {
    const values = slot.values as [string, ...string[]];
    return described(z.enum(values, { error: `expected one of: ${values.join(', ')}` }));
  }
  let text = z
    .string({ error: 'expected text' })
    .trim()
    .min(1, 'empty — give a value')
    .max(MAX_TEXT_LENGTH, `longer than ${MAX_TEXT_LENGTH} characters — shorten it`);
  if (slot.pattern) {
    const pattern = new RegExp(`^(?:${slot.pattern})$`);
    text = text.regex(pattern, `does not have the expected form (${slot.pattern})`);
  }
  return described(text);
}

/** The slots given, as reply variables (`{kind}`); true/false become their words. */
export function slotVariables(input: ActionInput): Record<string, string | number> {
  const variables: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined) variables[name] = typeof value === 'boolean' ? String(value) : value;
  }
  return variables;
}
