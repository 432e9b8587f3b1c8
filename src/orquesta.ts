/**
 * The composition root: opens the database, migrates it, builds each tenant's turn engine and wires the
 * pipeline to the channels. The HTTP server and the CLI both start from here.
 */
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { createChannelRegistry, type ChannelRegistry } from './channels/registry.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { createId } from './core/ids.ts';
import { createTurnEngine } from './dialogue/turn-engine.ts';
import { createLlmClient } from './llm/client.ts';
import { tenantUnderstander } from './nlu/create-understander.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createMediaUnderstander } from './pipeline/media-text.ts';
import { releaseLeasesOfDeadProcesses } from './pipeline/stale-leases.ts';
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline/pipeline.ts';
import type { TenantRuntime } from './pipeline/turn-runner.ts';
import { handoffEngineOptions } from './skills/handoff/index.ts';
import { createReminderRun } from './skills/appointments/reminders.ts';
import { createTenantSkills } from './skills/index.ts';
import type { SkillDependencies } from './skills/skill.ts';
import { createDatabase, DEFAULT_DATABASE_URL, type OrquestaDatabase } from './storage/database.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { syncTenants } from './storage/repositories/tenants.ts';
import { pruneWebhookLog } from './storage/repositories/webhook-log.ts';
import type { TenantConfig } from './tenancy/config-schema.ts';
import type { LoadedConfig } from './tenancy/load-config.ts';

export interface OrquestaOptions {
  config: LoadedConfig;
  /** `postgres://…` or `sqlite:<path>`; defaults to `sqlite:./data/orquesta.db`. */
  databaseUrl?: string;
  clock?: Clock;
  logger?: Logger;
  /** Days the webhook log is kept (ORQUESTA_WEBHOOK_LOG_DAYS); 7 by default. */
  webhookLogDays?: number;
  /** Pipeline tuning (lease length, poll interval, concurrency, retry delays) and test hooks. */
  pipeline?: Pick<PipelineOptions, 'leaseMs' | 'pollMs' | 'concurrency' | 'beforeCommit' | 'outbox'> & {
    deliver?: PipelineOptions['deliver'];
  };
}

export interface Orquesta {
  config: LoadedConfig;
  database: OrquestaDatabase;
  tenants: ReadonlyMap<string, TenantConfig>;
  channels: ChannelRegistry;
  pipeline: Pipeline;
  metrics: Metrics;
  logger: Logger;
  clock: Clock;
  /** Starts processing, resuming whatever an earlier run left unfinished. */
  start(): void;
  stop(): Promise<void>;
}

export async function createOrquesta(options: OrquestaOptions): Promise<Orquesta> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const { config } = options.config;
  const tenants = new Map(config.tenants.map((tenant) => [tenant.id, tenant]));

  const database = createDatabase(options.databaseUrl ?? DEFAULT_DATABASE_URL);
  try {
    await migrateToLatest(database.db);
    await syncTenants(database.db, config.tenants, clock.now());
    await releaseLeasesOfDeadProcesses(database.db, hostname());
  } catch (error) {
    await database.close();
    throw error;
  }
  const { db } = database;
  const metrics = createMetrics({
    inbox: async () => countMessages(database, 'in'),
    outbox: async () => countMessages(database, 'out'),
  });
  const runtimes = new Map<string, TenantRuntime>(
    config.tenants.map((tenant) => [
      tenant.id,
      createTenantRuntime(tenant, { db, baseDir: options.config.baseDir }, { logger, metrics, clock }),
    ]),
  );
  const channels = createChannelRegistry(config.tenants);
  const pipeline = createPipeline({
    db,
    dialect: database.dialect,
    clock,
    logger,
    metrics,
    tenants: runtimes,
    deliver: options.pipeline?.deliver ?? channels.deliver,
    channelOf: channels.channelOf,
    capabilitiesOf: channels.capabilitiesOf,
    showTyping: channels.showTyping,
    understandMedia: createMediaUnderstander({
      tenants,
      llmOf: (tenantId) => runtimes.get(tenantId)?.llm,
      resolve: channels.resolve,
    }),
    owner: `${hostname()}:${process.pid}:${createId('w').slice(-6)}`,
    ...options.pipeline,
  });

  const webhookLogDays = options.webhookLogDays ?? 7;
  let pruneTimer: NodeJS.Timeout | undefined;
  let reminderTimer: NodeJS.Timeout | undefined;
  const sendReminders = createReminderRun(config.tenants, db, options.config.baseDir, (tenant, error) =>
    logger.error({ err: error, tenant: tenant.id }, 'appointment reminders failed'),
  );
  const pruneWebhooks = () =>
    pruneWebhookLog(db, new Date(clock.now().getTime() - webhookLogDays * 86_400_000)).catch(
      (error: unknown) => logger.error({ err: error }, 'webhook log clean-up failed'),
    );

  return {
    config: options.config,
    database,
    tenants,
    channels,
    pipeline,
    metrics,
    logger,
    clock,
    start() {
      pipeline.start();
      void pruneWebhooks();
      pruneTimer = setInterval(pruneWebhooks, 3_600_000);
      pruneTimer.unref();
      reminderTimer = setInterval(() => void sendReminders(clock.now()), 60_000);
      reminderTimer.unref();
    },
    async stop() {
      clearInterval(pruneTimer);
      clearInterval(reminderTimer);
      await pipeline.stop();
      await database.close();
    },
  };
}

/**
 * A tenant's turn engine. Its understander is shared with the parse endpoint (`tenantUnderstander`); its
 * language model (null without `llm.baseUrl`) serves both the skills and the engine.
 */
function createTenantRuntime(
  tenant: TenantConfig,
  dependencies: Omit<SkillDependencies, 'llm'>,
  services: { logger: Logger; metrics: Metrics; clock: Clock },
): TenantRuntime {
  const llm = createLlmClient(tenant, { db: dependencies.db, ...services });
  const skills = createTenantSkills(tenant, { ...dependencies, llm });
  const understander = tenantUnderstander(tenant, { baseDir: dependencies.baseDir, logger: services.logger });
  return {
    id: tenant.id,
    debounceMs: tenant.debounceMs,
    llm,
    engine: createTurnEngine(tenant, skills, understander, {
      ...handoffEngineOptions(skills),
      llm,
      db: dependencies.db,
    }),
  };
}

async function countMessages(database: OrquestaDatabase, direction: 'in' | 'out'): Promise<number> {
  const query = database.db
    .selectFrom('messages')
    .select(sql<number>`count(*)`.as('count'))
    .where('direction', '=', direction);
  const row = await (
    direction === 'in'
      ? query.where('processed_at', 'is', null)
      : query.where('status', 'in', ['queued', 'sending'])
  ).executeTakeFirst();
  return Number(row?.count ?? 0);
}
