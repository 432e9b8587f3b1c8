/**
 * The demo ISP's actions and reply templates exactly as docs/skills/http-actions.md declares them, so the
 * tests keep that page true. `${VAR:-default}` is filled from `env`, as the config loader would.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { HttpAction } from '../settings.ts';
import { parseHttpActionsSettings } from '../settings.ts';

export const DOCS_PAGE = resolve(import.meta.dirname, '../../../../docs/skills/http-actions.md');

export interface IspExample {
  /** The tenant entry of the page's YAML, with `${…}` filled. */
  tenant: {
    skillSettings: { 'http-actions': unknown };
    templates: Record<'es' | 'en', Record<string, string>>;
  };
  reportFault: HttpAction;
  lookUpTicket: HttpAction;
}

export function ispExampleFromDocs(env: Record<string, string>): IspExample {
  const page = readFileSync(DOCS_PAGE, 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(page)?.[1];
  if (!block) throw new Error(`${DOCS_PAGE} has no yaml example`);
  const text = block.replace(
    /\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}/g,
    (_match, name: string, fallback?: string) => env[name] ?? fallback ?? '',
  );
  const tenant = (parse(text) as { tenants: IspExample['tenant'][] }).tenants[0]!;
  const { actions } = parseHttpActionsSettings(tenant.skillSettings['http-actions'], 'http-actions');
  const byName = (name: string) => {
    const action = actions.find((candidate) => candidate.name === name);
    if (!action) throw new Error(`the docs example has no action "${name}"`);
    return action;
  };
  return { tenant, reportFault: byName('reportar_falla'), lookUpTicket: byName('consultar_ticket') };
}
