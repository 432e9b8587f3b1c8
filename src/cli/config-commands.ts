import { resolve } from 'node:path';
import { createChannelRegistry } from '../channels/registry.ts';
import { readTrainingExamples } from '../nlu/training-data.ts';
import { createTenantSkills } from '../skills/index.ts';
import { configJsonSchema } from '../tenancy/config-schema.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';

/** Validates the file, then what it names: connection settings, skills, training data. */
export async function configCheckCommand(options: { config?: string }): Promise<void> {
  const { config, path, baseDir } = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  createChannelRegistry(config.tenants);
  for (const tenant of config.tenants) {
    createTenantSkills(tenant);
    if (tenant.nlu.data) readTrainingExamples(resolve(baseDir, tenant.nlu.data));
  }
  const ids = config.tenants.map((tenant) => tenant.id).join(', ');
  process.stdout.write(`${path}: valid, ${config.tenants.length} tenant(s): ${ids}\n`);
}

export async function configSchemaCommand(): Promise<void> {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}
