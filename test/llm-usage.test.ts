/** Language-model usage end to end: recorded with the turn and in llm_calls, totalled by the admin API and in metrics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { llmSchema } from '../src/llm/llm-config.ts';
import { DIALECTS } from './support/databases.ts';
import { startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const CLINICA_TOKEN = 'clinica-token-0123456789abcdef';
const AUTOS_TOKEN = 'autos-token-0123456789abcdef';
// 10:00 in Bogotá.
const NOW = '2026-03-02T15:00:00.000Z';

describe.each(DIALECTS)('language-model usage on %s', (dialect) => {
  let llm: FakeLlmServer;
  let server: TestServer;

  beforeAll(async () => {
    llm = await startFakeLlmServer();
    server = await startTestServer({
      dialect,
      clock: createManualClock(NOW),
      config: testConfig([
        {
          id: 'clinica',
          apiToken: CLINICA_TOKEN,
          llm: llmSchema.parse({
            baseUrl: llm.baseUrl,
            model: 'fake-chat',
            timeoutMs: 2000,
            maxRetries: 0,
            prices: { 'fake-chat': { input: 1, output: 2 } },
            uses: { rewrite: true, understand: false, knowledge: false, agent: false, media: false },
          }),
        },
        { id: 'autos', apiToken: AUTOS_TOKEN },
      ]),
    });
  });
  afterAll(async () => {
    await server.close();
    await llm.stop();
  });

  const usageOf = (tenant: string, query = '', token?: string) =>
    server.request('GET', `/api/v1/tenants/${tenant}/llm/usage${query}`, undefined, token);

  it('records a turn’s calls with the turn and in llm_calls, and totals them by day and model', async () => {
    llm.respondToChat(() => ({
      text: 'Hola, ¿en qué le ayudo?',
      usage: { promptTokens: 120, completionTokens: 30 },
    }));
    const turn = await server.say('clinica', '573001112233', 'hola');
    expect(llm.chatRequests().length).toBeGreaterThan(0);

    const row = await server.db
      .selectFrom('turns')
      .select(['llm_usage', 'conversation_id'])
      .where('id', '=', turn.turn.id)
      .executeTakeFirstOrThrow();
    const turnUsage = JSON.parse(row.llm_usage ?? '[]');
    expect(turnUsage.length).toBeGreaterThan(0);
    expect(turnUsage[0]).toMatchObject({
      purpose: 'rewrite',
      model: 'fake-chat',
      tokensIn: 120,
      tokensOut: 30,
    });

    const calls = await server.db
      .selectFrom('llm_calls')
      .selectAll()
      .where('conversation_id', '=', row.conversation_id)
      .execute();
    expect(calls).toHaveLength(turnUsage.length);
    expect(calls[0]).toMatchObject({
      tenant_id: 'clinica',
      purpose: 'rewrite',
      tokens_in: 120,
      day: '2026-03-02',
    });

    const response = await usageOf('clinica', '', CLINICA_TOKEN);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      tenant: 'clinica',
      from: '2026-02-24',
      to: '2026-03-02',
      dailyTokenBudget: null,
    });
    expect(body.days).toEqual([
      expect.objectContaining({
        day: '2026-03-02',
        model: 'fake-chat',
        calls: calls.length,
        tokensIn: 120 * calls.length,
        tokensOut: 30 * calls.length,
      }),
    ]);
    expect(body.totals.cost).toBeCloseTo(((120 * 1 + 30 * 2) * calls.length) / 1e6, 9);

    const earlier = await usageOf('clinica', '?from=2026-02-01&to=2026-03-01');
    expect(earlier.json().days).toEqual([]);

    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain(
      'orquesta_llm_tokens_total{tenant="clinica",model="fake-chat",direction="in"}',
    );
    expect(metrics.body).toMatch(
      /orquesta_llm_calls_total\{tenant="clinica",purpose="rewrite",outcome="ok"\} \d/,
    );
    expect(metrics.body).not.toContain('outcome="rejected"');
  });

  it('keeps one tenant’s usage from another tenant’s token', async () => {
    const response = await usageOf('clinica', '', AUTOS_TOKEN);
    expect(response.statusCode).toBe(403);
    expect((await usageOf('autos', '', AUTOS_TOKEN)).json().days).toEqual([]);
  });

  it('answers bad dates with 400 and a message that says how to write them', async () => {
    const bad = await usageOf('clinica', '?from=02/03/2026');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('YYYY-MM-DD');
    const reversed = await usageOf('clinica', '?from=2026-03-05&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('from (2026-03-05) is after to (2026-03-01)');
    const tooLong = await usageOf('clinica', '?from=2020-01-01&to=2026-03-01');
    expect(tooLong.statusCode).toBe(400);
  });
});
