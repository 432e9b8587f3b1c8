/**
 * Checks, when a tenant's skills are built, that every reply template its HTTP actions name exists and
 * asks only for variables it will have, so that a typo stops the start instead of failing a customer's turn.
 */
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { askedSlots } from './action-flow.ts';
import type { HttpAction } from './settings.ts';
import { httpActionsTemplates } from './templates.ts';

interface TemplateUse {
  /** Where the key is written, from the action: `reply.success`, `slots.kind.prompt`. */
  path: string;
  key: string;
  /** The variables the template will get. */
  variables: string[];
}

/** Every problem at once, as `tenant "x": skillSettings.http-actions.actions[i].<path>: … — …`. */
export function checkActionTemplates(tenant: TenantConfig, actions: readonly HttpAction[]): void {
  const problems: string[] = [];
  actions.forEach((action, index) => {
    for (const use of templateUses(action)) {
      const where = `tenant "${tenant.id}": skillSettings.http-actions.actions[${index}].${use.path}`;
      const texts = (['es', 'en'] as const).flatMap((locale) => {
        const text = tenant.templates[locale]?.[use.key] ?? httpActionsTemplates[locale][use.key as never];
        return text === undefined ? [] : [{ locale, text: text as string }];
      });
      if (texts.length === 0) {
        problems.push(`${where}: no template "${use.key}" — define it under templates: es: in orquesta.yaml`);
        continue;
      }
      for (const { locale, text } of texts) {
        for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
          if (use.variables.includes(name!)) continue;
          problems.push(
            `${where}: template "${use.key}" (${locale}) uses {${name}}, which it does not get — use one of: ${use.variables.map((variable) => `{${variable}}`).join(', ') || 'none'}`,
          );
        }
      }
    }
  });
  if (problems.length > 0) {
    throw new OrquestaError('invalid_config', problems.join('\n'), { details: problems });
  }
}

function templateUses(action: HttpAction): TemplateUse[] {
  const asked = askedSlots(action).map(([name]) => name);
  const uses: TemplateUse[] = [
    {
      path: 'reply.success',
      key: action.reply.success,
      variables: [...new Set([...asked, ...Object.keys(action.response)])],
    },
    { path: 'reply.error', key: action.reply.error, variables: asked },
    ...Object.entries(action.reply.byStatus).map(([status, key]) => ({
      path: `reply.byStatus.${status}`,
      key,
      variables: asked,
    })),
  ];
  if (action.confirm) uses.push({ path: 'confirm', key: action.confirm, variables: asked });
  if (action.option) uses.push({ path: 'option', key: action.option, variables: [] });
  asked.forEach((name, position) => {
    const slot = action.slots[name]!;
    const before = asked.slice(0, position);
    if (slot.prompt) uses.push({ path: `slots.${name}.prompt`, key: slot.prompt, variables: before });
    if (slot.invalid) uses.push({ path: `slots.${name}.invalid`, key: slot.invalid, variables: before });
  });
  return uses;
}
