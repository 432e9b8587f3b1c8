import type { Locale, Skill } from '../skills/skill.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';

export type RenderTemplate = (
  locale: Locale,
  key: string,
  variables?: Record<string, string | number>,
) => string;

/**
 * A tenant's reply templates: each skill's defaults, overridden by the tenant's `templates:`. A key
 * missing in the requested locale falls back to the tenant's locale, then to Spanish.
 */
export function createTemplateRenderer(
  tenant: TenantConfig,
  skills: readonly Pick<Skill, 'templates'>[],
): RenderTemplate {
  const table: Record<string, Record<string, string>> = { es: {}, en: {} };
  for (const skill of skills) {
    for (const [locale, entries] of Object.entries(skill.templates))
      Object.assign((table[locale] ??= {}), entries);
  }
  for (const [locale, entries] of Object.entries(tenant.templates))
    Object.assign((table[locale] ??= {}), entries);

  return (locale, key, variables = {}) => {
    const template = table[locale]?.[key] ?? table[tenant.locale]?.[key] ?? table.es?.[key];
    if (template === undefined) throw new Error(`no reply template "${key}" for tenant "${tenant.id}"`);
    return template.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = variables[name];
      if (value === undefined) throw new Error(`reply template "${key}" needs a value for {${name}}`);
      return String(value);
    });
  };
}
