/** Shared set-up of the LLM layer's tests: a migrated database with the tenant, a client on the fake server. */
import { Writable } from 'node:stream';
import { createTestDatabase } from '../../test/support/databases.ts';
import type { FakeLlmServer } from '../../test/support/fake-llm-server.ts';
import { testTenant } from '../../test/support/test-config.ts';
import { createManualClock } from '../core/clock.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createDatabase } from '../storage/database.ts';
import type { DialectName } from '../storage/dialect.ts';
import { migrateToLatest } from '../storage/migrate.ts';
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
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
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
