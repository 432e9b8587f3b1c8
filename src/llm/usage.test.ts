import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import type { LlmCall } from './llm.ts';
import { useLlmTestBed } from './test-support.ts';
import { callCost, dailyUsage } from './usage.ts';

const CALL: LlmCall = { purpose: 'knowledge' };
const HELLO = { messages: [{ role: 'user' as const, content: 'hola' }] };

describe('callCost', () => {
  it('prices tokens per million from the table, and 0 for a model without a price', () => {
    const prices = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };
    expect(callCost(prices, 'gpt-4o-mini', 2_000_000, 1_000_000)).toBeCloseTo(0.9, 12);
    expect(callCost(prices, 'llama3', 2_000_000, 1_000_000)).toBe(0);
  });
});

describe.each(DIALECTS)('usage accounting on %s', (dialect) => {
  const bed = useLlmTestBed(dialect);

  it('stops calling once today’s tokens reach the daily budget, and calls again the next local day', async () => {
    const { client, clock, fetches, metrics } = bed.client({ dailyTokenBudget: 100 });
    bed.server.enqueueChat(
      { text: 'uno', usage: { promptTokens: 60, completionTokens: 20 } },
      { text: 'dos', usage: { promptTokens: 20, completionTokens: 10 } },
    );
    expect((await client.chat(HELLO, CALL))?.text).toBe('uno');
    expect((await client.chat(HELLO, CALL))?.text).toBe('dos');
    expect(await client.chat(HELLO, CALL)).toBeNull();
    expect(fetches()).toBe(2);
    expect(await metrics.registry.getSingleMetricAsString('orquesta_llm_calls_total')).toContain(
      'outcome="budget"} 1',
    );

    // 2026-03-02T12:00Z is 07:00 in Bogotá: 17 hours later it is the next local day.
    clock.advance(17 * 3_600_000);
    expect(await client.chat(HELLO, CALL)).not.toBeNull();
    expect(fetches()).toBe(3);
  });

  it('reads today’s spending from the database, so a restarted process keeps to the budget', async () => {
    const first = bed.client({ dailyTokenBudget: 50 });
    bed.server.enqueueChat({ text: 'caro', usage: { promptTokens: 40, completionTokens: 10 } });
    await first.client.chat(HELLO, CALL);
    const restarted = bed.client({ dailyTokenBudget: 50 });
    expect(await restarted.client.chat(HELLO, CALL)).toBeNull();
    expect(restarted.fetches()).toBe(0);
  });

  it('totals calls, errors, tokens, cost and latency percentiles by day and model', async () => {
    const rows = [
      ['2026-03-01', 'gpt', 'ok', 10, 5, 0.5, 100],
      ['2026-03-01', 'gpt', 'ok', 20, 5, 0.25, 300],
      ['2026-03-01', 'gpt', 'error', 0, 0, 0, 900],
      ['2026-03-01', 'embed', 'ok', 7, 0, 0.01, 50],
      ['2026-03-02', 'gpt', 'rejected', 30, 10, 1, 200],
      ['2026-03-03', 'gpt', 'ok', 1, 1, 0, 10],
    ] as const;
    await bed.db
      .insertInto('llm_calls')
      .values(
        rows.map(([day, model, outcome, tokensIn, tokensOut, cost, latency], index) => ({
          id: `llm_${index}`,
          tenant_id: 'clinica',
          conversation_id: null,
          turn_key: null,
          purpose: 'rewrite',
          model,
          tokens_in: tokensIn,
          tokens_out: tokensOut,
          cost,
          latency_ms: latency,
          outcome,
          created_at: `${day}T15:00:00.000Z`,
          day,
        })),
      )
      .execute();
    const usage = await dailyUsage(bed.db, 'clinica', '2026-03-01', '2026-03-02');
    expect(usage).toEqual([
      {
        day: '2026-03-01',
        model: 'embed',
        calls: 1,
        errors: 0,
        rejected: 0,
        tokensIn: 7,
        tokensOut: 0,
        cost: 0.01,
        latencyP50Ms: 50,
        latencyP95Ms: 50,
      },
      {
        day: '2026-03-01',
        model: 'gpt',
        calls: 3,
        errors: 1,
        rejected: 0,
        tokensIn: 30,
        tokensOut: 10,
        cost: 0.75,
        latencyP50Ms: 300,
        latencyP95Ms: 900,
      },
      {
        day: '2026-03-02',
        model: 'gpt',
        calls: 1,
        errors: 0,
        rejected: 1,
        tokensIn: 30,
        tokensOut: 10,
        cost: 1,
        latencyP50Ms: 200,
        latencyP95Ms: 200,
      },
    ]);
    expect(await dailyUsage(bed.db, 'otra', '2026-03-01', '2026-03-03')).toEqual([]);
  });
});
