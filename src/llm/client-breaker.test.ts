import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import type { LlmCall } from './llm.ts';
import { useLlmTestBed } from './test-support.ts';

const BREAKER = { failures: 3, openMs: 30_000 };
const CALL: LlmCall = { purpose: 'rewrite' };
const HELLO = { messages: [{ role: 'user' as const, content: 'hola' }] };

describe.each(DIALECTS)('the circuit breaker in front of the provider on %s', (dialect) => {
  const bed = useLlmTestBed(dialect, { serverPerTest: true });

  it('opens on a dead server: after the failures nothing reaches the network until a probe closes it again', async () => {
    const { client, clock, fetches, metrics, logLines } = bed.client({ breaker: BREAKER });
    await bed.server.stop();
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

    await bed.server.restart();
    clock.advance(BREAKER.openMs);
    bed.server.enqueueChat({ text: 'de vuelta' });
    expect((await client.chat(HELLO, CALL))?.text).toBe('de vuelta');
    expect(fetches()).toBe(4);
    expect(await client.chat(HELLO, CALL)).not.toBeNull();
    expect(fetches()).toBe(5);
    expect(await metrics.registry.getSingleMetricAsString('orquesta_llm_circuit_open')).toContain(
      'orquesta_llm_circuit_open{tenant="clinica",model="fake-chat"} 0',
    );
  });

  it('opens on a server that hangs past the timeout, and a failed probe keeps it open', async () => {
    const { client, clock } = bed.client({ breaker: BREAKER, timeoutMs: 500 });
    bed.server.enqueueChat({ hang: true }, { hang: true }, { hang: true });
    for (let i = 0; i < 3; i++) expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(bed.server.chatRequests()).toHaveLength(3);
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(bed.server.chatRequests()).toHaveLength(3);

    clock.advance(BREAKER.openMs);
    bed.server.enqueueChat({ status: 503 });
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(bed.server.chatRequests()).toHaveLength(4);
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(bed.server.chatRequests()).toHaveLength(4);

    clock.advance(BREAKER.openMs);
    expect(await client.chat(HELLO, CALL)).not.toBeNull();
    expect(bed.server.chatRequests()).toHaveLength(5);
  });

  it('keeps one circuit per model: an outage of one model does not block another', async () => {
    const { client } = bed.client({ breaker: BREAKER });
    bed.server.respondToChat((body) => (body.model === 'fake-chat' ? { status: 500 } : { text: 'visión' }));
    for (let i = 0; i < 4; i++) await client.chat(HELLO, CALL);
    expect(bed.server.chatRequests().filter((body) => body.model === 'fake-chat')).toHaveLength(3);
    expect((await client.chat({ ...HELLO, model: 'fake-vision' }, CALL))?.text).toBe('visión');
  });

  it('does not count a request the provider refused as invalid (400) against the circuit', async () => {
    const { client } = bed.client({ breaker: BREAKER });
    bed.server.respondToChat(() => ({ status: 400, message: 'response_format is not supported' }));
    for (let i = 0; i < 5; i++) expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(bed.server.chatRequests()).toHaveLength(5);
  });
});
