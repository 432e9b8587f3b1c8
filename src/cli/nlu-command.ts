/** `orquesta nlu train` and `orquesta nlu parse`: build a tenant's model and try it from the terminal. */
import { OrquestaError } from '../core/errors.ts';
import { createTenantUnderstander, defaultModelDir } from '../nlu/create-understander.ts';
import { createLogger } from '../observability/logger.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { DEFAULT_CONFIG_PATH, loadConfig, type LoadedConfig } from '../tenancy/load-config.ts';

export interface NluTrainOptions {
  /** One tenant; every tenant of the configuration when omitted. */
  tenant?: string;
  config?: string;
}

/** Trains the tenants' models whose examples changed, and says which were already up to date. */
export async function nluTrainCommand(options: NluTrainOptions): Promise<void> {
  const loaded = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const tenants = options.tenant ? [findTenant(loaded, options.tenant)] : loaded.config.tenants;
  const modelDir = defaultModelDir();
  for (const tenant of tenants) {
    if (!tenant.nlu.data) {
      process.stdout.write(`${tenant.id}: no training data — set nlu.data to a nlu.yml or JSONL file\n`);
      continue;
    }
    const { model } = createTenantUnderstander(tenant, { baseDir: loaded.baseDir, modelDir });
    const status = model.trained ? `trained in ${Math.round(model.loadMs)} ms` : 'up to date';
    const fallback = tenant.nlu.provider === 'rasa' ? ' (the fallback of its Rasa server)' : '';
    process.stdout.write(
      `${tenant.id}: ${status}${fallback} — ${model.intents.length} intents, ${model.examples} examples, model ${model.hash}\n`,
    );
  }
  process.stdout.write(`models are kept in ${modelDir}\n`);
}

export interface NluParseOptions {
  tenant: string;
  config?: string;
  /** ISO-8601 date-time that relative dates are resolved against; the current time by default. */
  now?: string;
}

/** Prints how a tenant understands a text: Rasa's `/model/parse` shape, as JSON. */
export async function nluParseCommand(text: string, options: NluParseOptions): Promise<void> {
  const now = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(now.getTime())) {
    throw new OrquestaError(
      'invalid_request',
      `--now "${options.now}" is not a date-time — write ISO-8601, e.g. 2026-11-23T09:00:00-05:00`,
    );
  }
  const loaded = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const tenant = findTenant(loaded, options.tenant);
  const understander = createTenantUnderstander(tenant, {
    baseDir: loaded.baseDir,
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr as never }),
  });
  const result = await understander.parse(text, { now, timezone: tenant.timezone });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function findTenant(loaded: LoadedConfig, id: string): TenantConfig {
  const tenant = loaded.config.tenants.find((candidate) => candidate.id === id);
  if (!tenant) {
    const ids = loaded.config.tenants.map((candidate) => candidate.id).join(', ');
    throw new OrquestaError('not_found', `tenant "${id}" is not in ${loaded.path} — use one of: ${ids}`);
  }
  return tenant;
}
