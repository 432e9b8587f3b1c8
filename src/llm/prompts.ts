/**
 * The instructions sent to the language model, by use and locale: defaults in `prompts/<locale>.yaml`,
 * replaced per tenant by `llm.prompts[locale][name]`. A prompt holds `{name}` placeholders; `{persona}` and
 * `{business}` are filled in for every prompt, the others by the caller. Customer text never goes through
 * here: it travels as a user message.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OrquestaError } from '../core/errors.ts';
import type { Locale } from '../skills/skill.ts';

export const PROMPT_NAMES = ['rewrite', 'understand', 'knowledge', 'agent', 'describe_image'] as const;
export type PromptName = (typeof PROMPT_NAMES)[number];

const LOCALES: readonly Locale[] = ['es', 'en'];
const PLACEHOLDER = /\{([a-z_]+)\}/g;

interface PromptFile {
  /** The persona when the tenant sets none. */
  persona: string;
  prompts: Record<string, string>;
}

const loaded = new Map<Locale, PromptFile>();

/** The default prompts of a locale, read once from `src/llm/prompts/<locale>.yaml`. */
export function defaultPrompts(locale: Locale): PromptFile {
  let file = loaded.get(locale);
  if (!file) {
    const { persona, ...prompts } = parse(
      readFileSync(new URL(`./prompts/${locale}.yaml`, import.meta.url), 'utf8'),
    ) as Record<string, string>;
    file = { persona: persona ?? '', prompts };
    loaded.set(locale, file);
  }
  return file;
}

export interface RenderPromptOptions {
  locale: Locale;
  name: string;
  /** The tenant's business name, for `{business}`. */
  business: string;
  /** The tenant's `llm.persona`; the locale's default persona when absent. */
  persona?: string | undefined;
  /** The tenant's `llm.prompts`. */
  overrides?: Record<string, Record<string, string>>;
  variables?: Record<string, string | number>;
}

/**
 * A prompt with its placeholders filled in. Throws a clear error for an unknown prompt or a placeholder no
 * variable fills; variables the prompt does not use are ignored.
 */
export function renderPrompt(options: RenderPromptOptions): string {
  const { locale, name } = options;
  const defaults = defaultPrompts(locale);
  const template = options.overrides?.[locale]?.[name] ?? defaults.prompts[name];
  if (template === undefined) {
    throw new OrquestaError(
      'invalid_config',
      `there is no prompt named "${name}" for locale "${locale}" — the prompts are ${PROMPT_NAMES.join(', ')}`,
    );
  }
  const values: Record<string, string | number> = {
    persona: options.persona ?? defaults.persona,
    business: options.business,
    ...options.variables,
  };
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new OrquestaError(
        'invalid_config',
        `prompt "${name}" (${locale}) has the placeholder {${key}}, which nothing fills — ` +
          `the available ones are ${Object.keys(values)
            .map((known) => `{${known}}`)
            .join(', ')}`,
      );
    }
    return String(value);
  });
}

/** The placeholders a prompt text uses, e.g. `['persona', 'business', 'passages']`. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * What is wrong with a tenant's `llm.prompts`: an unknown locale or prompt name, or a placeholder the
 * default prompt of that name does not have (so nothing would fill it). Empty when all is well.
 */
export function promptOverrideIssues(
  overrides: Record<string, Record<string, string>>,
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  for (const [locale, prompts] of Object.entries(overrides)) {
    if (!LOCALES.includes(locale as Locale)) {
      issues.push({ path: [locale], message: `unknown locale "${locale}" — use es or en` });
      continue;
    }
    for (const [name, text] of Object.entries(prompts)) {
      const original = defaultPrompts(locale as Locale).prompts[name];
      if (original === undefined || !(PROMPT_NAMES as readonly string[]).includes(name)) {
        issues.push({
          path: [locale, name],
          message: `unknown prompt "${name}" — the prompts are ${PROMPT_NAMES.join(', ')}`,
        });
        continue;
      }
      const allowed = [...new Set(['persona', 'business', ...placeholdersOf(original)])];
      for (const placeholder of placeholdersOf(text)) {
        if (allowed.includes(placeholder)) continue;
        issues.push({
          path: [locale, name],
          message: `unknown placeholder {${placeholder}} — prompt "${name}" may use ${allowed
            .map((known) => `{${known}}`)
            .join(', ')}`,
        });
      }
    }
  }
  return issues;
}
