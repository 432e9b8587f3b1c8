import { resolve } from 'node:path';
import { createChannelRegistry } from '../channels/registry.ts';
import { readTrainingExamples } from '../nlu/training-data.ts';
import { createTenantSkills } from '../skills/index.ts';
import { createDatabase } from '../storage/database.ts';
import { configJsonSchema } from '../tenancy/config-schema.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';

/**
 * Validates the file, then what it names: connection settings, skills (built as `start` builds them, over a
 * throwaway in-memory database, so their settings and business files are checked), training data.
 */
export async function configCheckCommand(options: { config?: string }): Promise<void> {
  const { config, path, baseDir } = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  createChannelRegistry(config.tenants);
  const scratch = createDatabase('sqlite::memory:');
  try {
    for (const tenant of config.tenants) {
      createTenantSkills(tenant, { db: scratch.db, baseDir });
      if (tenant.nlu.data) readTrainingExamples(resolve(baseDir, tenant.nlu.data));
    }
  } finally {
    await scratch.close();
  }
  const ids = config.tenants.map((tenant) => tenant.id).join(', ');
  process.stdout.write(`${path}: valid, ${config.tenants.length} tenant(s): ${ids}\n`);
}

export async function configSchemaCommand(): Promise<void> {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}
