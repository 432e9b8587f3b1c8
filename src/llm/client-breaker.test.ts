import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../../test/support/fake-llm-server.ts';
import { testTenant } from '../../test/support/test-config.ts';
import type { Database } from '../storage/schema.ts';
import type { LlmCall } from './llm.ts';
import { llmTenant, llmTestClient, openLlmTestDatabase } from './test-support.ts';

const BREAKER = { failures: 3, openMs: 30_000 };
const CALL: LlmCall = { purpose: 'rewrite' };
const HELLO = { messages: [{ role: 'user' as const, content: 'hola' }] };

describe.each(DIALECTS)('the circuit breaker in front of the provider on %s', (dialect) => {
  let server: FakeLlmServer;
  let database: Awaited<ReturnType<typeof openLlmTestDatabase>>;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await openLlmTestDatabase(dialect, [testTenant()]);
    db = database.db;
  });
  afterAll(async () => {
    await server.stop();
    await database.close();
  });
  beforeEach(async () => {
    await server?.stop();
    server = await startFakeLlmServer();
  });

  it('opens on a dead server: after the failures nothing reaches the network until a probe closes it again', async () => {
    const { client, clock, fetches, metrics, logLines } = llmTestClient(
      llmTenant(server, { breaker: BREAKER }),
      db,
    );
    await server.stop();
    for (let i = 0; i < 3; i++) expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(fetches()).toBe(3);
    expect(logLines.some((line) => line.includes('circuit opened'))).toBe(true);
    expect(await metrics.registry.getSingleMetricAsString('orquesta_llm_circuit_open')).toContain(
      'orquesta_llm_circuit_open{tenant="clinica",model="fake-chat"} 1',
    );

    for (let i = 0; i < 5; i++) expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(fetches()).toBe(3);
    expect(await metrics.registry.getSingleMetricAsString('orquesta_llm_calls_total')).toContain(
      'orquesta_llm_calls_total{tenant="clinica",purpose="rewrite",outcome="circuit_open"} 5',
    );

    await server.restart();
    clock.advance(BREAKER.openMs);
    server.enqueueChat({ text: 'de vuelta' });
    expect((await client.chat(HELLO, CALL))?.text).toBe('de vuelta');
    expect(fetches()).toBe(4);
    expect(await client.chat(HELLO, CALL)).not.toBeNull();
    expect(fetches()).toBe(5);
    expect(await metrics.registry.getSingleMetricAsString('orquesta_llm_circuit_open')).toContain(
      'orquesta_llm_circuit_open{tenant="clinica",model="fake-chat"} 0',
    );
  });

  it('opens on a server that hangs past the timeout, and a failed probe keeps it open', async () => {
    const { client, clock } = llmTestClient(llmTenant(server, { breaker: BREAKER, timeoutMs: 500 }), db);
    server.enqueueChat({ hang: true }, { hang: true }, { hang: true });
    for (let i = 0; i < 3; i++) expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(server.chatRequests()).toHaveLength(3);
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(server.chatRequests()).toHaveLength(3);

    clock.advance(BREAKER.openMs);
    server.enqueueChat({ status: 503 });
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(server.chatRequests()).toHaveLength(4);
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(server.chatRequests()).toHaveLength(4);

    clock.advance(BREAKER.openMs);
    expect(await client.chat(HELLO, CALL)).not.toBeNull();
    expect(server.chatRequests()).toHaveLength(5);
  });

  it('keeps one circuit per model: an outage of one model does not block another', async () => {
    const { client } = llmTestClient(llmTenant(server, { breaker: BREAKER }), db);
    server.respondToChat((body) => (body.model === 'fake-chat' ? { status: 500 } : { text: 'visión' }));
    for (let i = 0; i < 4; i++) await client.chat(HELLO, CALL);
    expect(server.chatRequests().filter((body) => body.model === 'fake-chat')).toHaveLength(3);
    expect((await client.chat({ ...HELLO, model: 'fake-vision' }, CALL))?.text).toBe('visión');
  });

  it('does not count a request the provider refused as invalid (400) against the circuit', async () => {
    const { client } = llmTestClient(llmTenant(server, { breaker: BREAKER }), db);
    server.respondToChat(() => ({ status: 400, message: 'response_format is not supported' }));
    for (let i = 0; i < 5; i++) expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(server.chatRequests()).toHaveLength(5);
  });
});
