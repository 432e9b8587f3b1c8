/** Shared set-up of the LLM layer's tests: a migrated database with the tenant, a client on the fake server. */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { capturedLogger } from '../../test/support/captured-logger.ts';
import { createTestDatabase } from '../../test/support/databases.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../../test/support/fake-llm-server.ts';
import { testTenant } from '../../test/support/test-config.ts';
import { createManualClock } from '../core/clock.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createDatabase } from '../storage/database.ts';
import type { DialectName } from '../storage/dialect.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import type { Database } from '../storage/schema.ts';
import { syncTenants } from '../storage/repositories/tenants.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { createLlmClient } from './client.ts';
import { llmSchema } from './llm-config.ts';
import type { LlmClient } from './llm.ts';

/** A fresh migrated database of the dialect; `close()` drops it. */
export async function openLlmTestDatabase(dialect: DialectName, tenants: TenantConfig[]) {
  const testDatabase = await createTestDatabase(dialect);
  const database = createDatabase(testDatabase.url);
  await migrateToLatest(database.db);
  await syncTenants(database.db, tenants, new Date('2026-03-02T12:00:00Z'));
  return {
    db: database.db,
    async close() {
      await database.close();
      await testDatabase.drop();
    },
  };
}

/**
 * A tenant whose `llm:` points at the fake server, without retries unless given. Tests of a hanging server
 * set a short `timeoutMs`; the default leaves room for a busy test machine.
 */
export function llmTenant(server: FakeLlmServer, llm: Record<string, unknown> = {}): TenantConfig {
  return testTenant({
    llm: llmSchema.parse({
      baseUrl: server.baseUrl,
      model: 'fake-chat',
      timeoutMs: 3000,
      maxRetries: 0,
      ...llm,
    }),
  });
}

/** The client of a tenant, with a manual clock, a logger whose lines the test reads, and counted fetches. */
export function llmTestClient(tenant: TenantConfig, db: Parameters<typeof createLlmClient>[1]['db']) {
  const clock = createManualClock('2026-03-02T12:00:00Z');
  const { logger, logLines } = capturedLogger();
  const metrics = createMetrics();
  let fetches = 0;
  const client = createLlmClient(tenant, {
    db,
    logger,
    metrics,
    clock,
    fetch: (input, init) => {
      fetches++;
      return fetch(input, init);
    },
  }) as LlmClient;
  return { client, clock, logLines, metrics, fetches: () => fetches };
}

/**
 * The suite's fake server and database, opened before and closed after it, with `llm_calls` emptied before
 * each test. `serverPerTest` starts a new server for each test, for tests that stop it or leave it hanging.
 */
export function useLlmTestBed(dialect: DialectName, options: { serverPerTest?: boolean } = {}) {
  let server: FakeLlmServer | undefined;
  let database: Awaited<ReturnType<typeof openLlmTestDatabase>> | undefined;

  beforeAll(async () => {
    database = await openLlmTestDatabase(dialect, [testTenant()]);
    if (!options.serverPerTest) server = await startFakeLlmServer();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });
  beforeEach(async () => {
    if (options.serverPerTest) {
      await server?.stop();
      server = await startFakeLlmServer();
    }
    await bed.db.deleteFrom('llm_calls').execute();
  });

  const bed = {
    get server(): FakeLlmServer {
      if (!server) throw new Error('the fake LLM server starts in beforeAll; use it inside a test');
      return server;
    },
    get db(): Kysely<Database> {
      if (!database) throw new Error('the test database opens in beforeAll; use it inside a test');
      return database.db;
    },
    /** A client of a tenant on the fake server with these `llm:` settings. */
    client: (llm: Record<string, unknown> = {}) => llmTestClient(llmTenant(bed.server, llm), bed.db),
  };
  return bed;
}
