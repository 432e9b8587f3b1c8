/** An Orquesta with its HTTP app, on a test database, driven in-process through `inject()`. */
import { createOrquesta, type Orquesta, type OrquestaOptions } from '../../src/orquesta.ts';
import { createApp, type AppOptions } from '../../src/server/app.ts';
import type { DialectName } from '../../src/storage/dialect.ts';
import type { LoadedConfig } from '../../src/tenancy/load-config.ts';
import { capturedLogger } from './captured-logger.ts';
import { createTestDatabase } from './databases.ts';
import { testConfig } from './test-config.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServerOptions extends Omit<OrquestaOptions, 'config' | 'databaseUrl' | 'logger'> {
  dialect: DialectName;
  config?: LoadedConfig;
  /** Start the pipeline's loops (default true); false leaves processing to the test. */
  start?: boolean;
  /** HTTP options (public URL, proxy trust) for webhook tests. */
  app?: Pick<AppOptions, 'publicUrl' | 'trustProxy' | 'bodyLimit'>;
}

export async function startTestServer(options: TestServerOptions) {
  const database = await createTestDatabase(options.dialect);
  const { logger, logLines } = capturedLogger();
  const orquesta: Orquesta = await createOrquesta({
    ...options,
    config: options.config ?? testConfig(),
    databaseUrl: database.url,
    logger,
    pipeline: { pollMs: 50, ...options.pipeline },
  });
  const app = await createApp(orquesta, { adminToken: ADMIN_TOKEN, turnTimeoutMs: 15_000, ...options.app });
  if (options.start !== false) orquesta.start();

  return {
    orquesta,
    app,
    db: orquesta.database.db,
    databaseUrl: database.url,
    logLines,
    /** POST to the test endpoint as the admin. */
    async send(tenant: string, body: Record<string, unknown>) {
      return app.inject({
        method: 'POST',
        url: `/api/v1/tenants/${tenant}/test/messages`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: body,
      });
    },
    /** A customer's message through the test endpoint; fails unless it is answered with 200. */
    async say(tenant: string, from: string, text: string, name?: string): Promise<TestTurn> {
      return this.turn(tenant, { from, text, ...(name ? { name } : {}) });
    },
    /** Any test-endpoint body (`now`, `buttonId`, …); fails unless it is answered with 200. */
    async turn(tenant: string, body: Record<string, unknown>): Promise<TestTurn> {
      const response = await this.send(tenant, body);
      if (response.statusCode !== 200)
        throw new Error(`test endpoint answered ${response.statusCode}: ${response.body}`);
      return response.json();
    },
    /** Any API request, with a bearer token (the admin's unless given). */
    async request(
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      payload?: Record<string, unknown>,
      token = ADMIN_TOKEN,
    ) {
      return app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    },
    async close() {
      await app.close();
      await orquesta.stop();
      await database.drop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** The body of a 200 from the test endpoint. */
export interface TestTurn {
  conversationId: string;
  contactId: string;
  replies: { text: string; buttons?: { id: string; title: string }[] }[];
  turn: { id: string; intent: string | null; skill: string | null; handoff: boolean };
}
