/** An Orquesta on a test database whose tenants talk to a fake model, for a whole suite. */
import { afterAll, beforeAll } from 'vitest';
import type { DialectName } from '../../src/storage/dialect.ts';
import type { LoadedConfig } from '../../src/tenancy/load-config.ts';
import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * Starts the fake model and then the server (its config built from the model's base URL) before the
 * suite, and closes both after it. The two are handed out when the suite is declared, before they exist,
 * so each is a stand-in that forwards to what `beforeAll` started.
 */
export function useLlmTestServer(dialect: DialectName, config: (llmBaseUrl: string) => LoadedConfig) {
  let llm: FakeLlmServer | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    llm = await startFakeLlmServer();
    server = await startTestServer({ dialect, config: config(llm.baseUrl) });
  });
  afterAll(async () => {
    await server?.close();
    await llm?.stop();
  });
  return { llm: standIn(() => llm), server: standIn(() => server) };
}

function standIn<T extends object>(current: () => T | undefined): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error('the LLM test server starts in beforeAll; use it inside a test');
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value: unknown = Reflect.get(target(), key);
      return typeof value === 'function' ? value.bind(target()) : value;
    },
  });
}
