import { resolve } from 'node:path';
import { configSchema, tenantSchema, type TenantConfig } from '../../src/tenancy/config-schema.ts';
import { loadConfig, type LoadedConfig } from '../../src/tenancy/load-config.ts';

export const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
export const DEMO_CONFIG = resolve(DEMO_DIR, 'orquesta.yaml');

/**
 * The demo configuration as tests use it: no debounce, and no language model unless `env` names one, so
 * a developer's own `LLM_BASE_URL` never changes what a test sees. `env` overrides the process's.
 */
export function demoTestConfig(env: Record<string, string> = {}): LoadedConfig {
  return loadConfig(DEMO_CONFIG, { ...process.env, ORQUESTA_DEBOUNCE_MS: '0', LLM_BASE_URL: '', ...env });
}

type TenantInput = Partial<Omit<TenantConfig, 'id'>> & { id: string };

/** A configuration for tests, built like the demo's (its training data) with debounce 0 unless given. */
export function testConfig(tenants: TenantInput[] = [{ id: 'clinica' }]): LoadedConfig {
  const config = configSchema.parse({
    tenants: tenants.map((tenant) => ({
      name: `Negocio ${tenant.id}`,
      timezone: 'America/Bogota',
      currency: 'COP',
      debounceMs: 0,
      connections: [
        { id: 'test', channel: 'test' },
        { id: 'console', channel: 'console' },
      ],
      nlu: { data: 'clinica/nlu.yml' },
      ...tenant,
    })),
  });
  return { config, path: resolve(DEMO_DIR, 'test.yaml'), baseDir: DEMO_DIR };
}

/** One tenant's validated configuration, for unit tests that need no files. */
export function testTenant(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return tenantSchema.parse({
    id: 'clinica',
    name: 'Clínica Sonrisas',
    timezone: 'America/Bogota',
    currency: 'COP',
    ...overrides,
  });
}
