import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.ts';
import { notifyPendingHandoffs } from '../src/skills/handoff/agent-notifier.ts';
import { parseHandoffSettings } from '../src/skills/handoff/settings.ts';
import { DIALECTS } from './support/databases.ts';
import { testConfig, testTenant } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('hand-off settings', () => {
  it('names the setting and the fix when an agent is wrong', () => {
    const tenant = testTenant({
      skillSettings: {
        handoff: { agents: [{ id: 'laura', name: 'Laura', available: { lunez: '08:00-18:00' } }] },
      },
    });
    expect(() => parseHandoffSettings(tenant)).toThrow(
      /tenant "clinica": skillSettings\.handoff\.agents\.0\.available\.lunez: "lunez" is not a weekday/,
    );
    const twice = testTenant({
      skillSettings: {
        handoff: {
          agents: [
            { id: 'a', name: 'A' },
            { id: 'a', name: 'B' },
          ],
        },
      },
    });
    expect(() => parseHandoffSettings(twice)).toThrow(/agent id "a" is used twice/);
  });
});

describe.each(DIALECTS)('agent notification on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('posts each committed hand-off once to the webhook, with ids and the agent', async () => {
    const handoff = { agents: [{ id: 'laura', name: 'Laura', phone: '573001112233' }] };
    // The app runs no notifier of its own without a webhook URL; the test runs it with one.
    const withWebhook = testTenant({
      skillSettings: {
        handoff: { ...handoff, notifyWebhookUrl: 'https://agents.example.com/hooks/handoff' },
      },
    });
    server = await startTestServer({
      dialect,
      config: testConfig([{ id: 'clinica', skills: ['smalltalk', 'handoff'], skillSettings: { handoff } }]),
    });
    const turn = (
      await server.send('clinica', { from: '573010', text: 'quiero hablar con una persona' })
    ).json();
    const requests: { url: string; body: unknown }[] = [];
    const options = {
      db: server.db,
      settings: new Map([['clinica', parseHandoffSettings(withWebhook)]]),
      logger: createLogger({ level: 'silent' }),
      fetch: (async (url: string, init: RequestInit) => {
        requests.push({ url, body: JSON.parse(String(init.body)) });
        return new Response(null, { status: 204 });
      }) as typeof fetch,
    };
    const now = new Date('2026-11-23T14:00:00.000Z');
    expect(await notifyPendingHandoffs(options, now)).toBe(1);
    const row = await server.db
      .selectFrom('handoffs')
      .select(['id', 'notified_at'])
      .where('conversation_id', '=', turn.conversationId)
      .executeTakeFirstOrThrow();
    expect(row.notified_at).toBe(now.toISOString());
    expect(requests).toEqual([
      {
        url: 'https://agents.example.com/hooks/handoff',
        body: expect.objectContaining({
          type: 'handoff',
          tenantId: 'clinica',
          handoffId: row.id,
          conversationId: turn.conversationId,
          contactId: turn.contactId,
          reason: 'asked_for_human',
          status: 'assigned',
          agent: { id: 'laura', name: 'Laura', phone: '573001112233' },
        }),
      },
    ]);
    expect(await notifyPendingHandoffs(options, now)).toBe(0);
  });
});
