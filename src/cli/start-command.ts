import { randomBytes } from 'node:crypto';
import { createLogger } from '../observability/logger.ts';
import { createOrquesta } from '../orquesta.ts';
import { createApp } from '../server/app.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';
import { pipelineSettingsFromEnv, webhookLogDaysFromEnv } from './runtime-settings.ts';

export interface StartOptions {
  config?: string;
  port: string;
  host: string;
  database?: string;
}

export async function startCommand(options: StartOptions): Promise<void> {
  const config = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'info',
    sensitive: process.env.ORQUESTA_LOG_SENSITIVE === '1',
  });
  const webhookLogDays = webhookLogDaysFromEnv();
  const orquesta = await createOrquesta({
    config,
    logger,
    pipeline: pipelineSettingsFromEnv(),
    ...(webhookLogDays !== undefined ? { webhookLogDays } : {}),
    ...(options.database ? { databaseUrl: options.database } : {}),
  });
  const generated = !process.env.ORQUESTA_ADMIN_TOKEN;
  const adminToken = process.env.ORQUESTA_ADMIN_TOKEN || randomBytes(24).toString('base64url');
  let processing = false;
  const app = await createApp(orquesta, {
    adminToken,
    isProcessing: () => processing,
    trustProxy: process.env.ORQUESTA_TRUST_PROXY === '1',
    ...(process.env.ORQUESTA_PUBLIC_URL ? { publicUrl: process.env.ORQUESTA_PUBLIC_URL } : {}),
  });

  orquesta.start();
  processing = true;
  const port = Number(options.port);
  await app.listen({ port, host: options.host });
  logger.info(
    { port, database: orquesta.database.description, tenants: [...orquesta.tenants.keys()] },
    'orquesta started',
  );
  printWelcome(port, adminToken, generated, [...orquesta.tenants.values()]);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    processing = false;
    await app.close();
    await orquesta.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function printWelcome(
  port: number,
  adminToken: string,
  generated: boolean,
  tenantConfigs: TenantConfig[],
): void {
  const base = `http://localhost:${port}`;
  const tenants = tenantConfigs.map((tenant) => tenant.id);
  const example = tenants[0] ?? 'clinica';
  const demoPages = tenantConfigs
    .filter((tenant) =>
      tenant.connections.some(
        (connection) => connection.channel === 'webchat' && connection.settings.demoPage,
      ),
    )
    .map((tenant) => `${base}/demo/${tenant.id}`);
  process.stderr.write(
    [
      '',
      `Orquesta is running on ${base}`,
      `  API docs:     ${base}/docs`,
      `  Health:       ${base}/health   Metrics: ${base}/metrics`,
      `  Tenants:      ${tenants.join(', ')}`,
      `  Admin token:  ${adminToken}${generated ? '   (generated for this run; set ORQUESTA_ADMIN_TOKEN to choose one)' : ''}`,
      `  Agent inbox:  ${base}/dashboard/`,
      ...(demoPages.length > 0 ? [`  Web chat:     ${demoPages.join('  ')}`] : []),
      '',
      'Try it:',
      `  curl -s -X POST ${base}/api/v1/tenants/${example}/test/messages \\`,
      `    -H "Authorization: Bearer ${adminToken}" -H "Content-Type: application/json" \\`,
      `    -d '{"from":"573001234567","text":"hola"}'`,
      '',
    ].join('\n') + '\n',
  );
}
