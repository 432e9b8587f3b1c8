/**
 * The agent inbox in headless Chromium against the real server: the agent logs in with their token,
 * switches themself off, sees a conversation handed off through the test endpoint arrive in the queue
 * without a reload, takes it, reads its history, replies, sees the customer's answer arrive, releases it
 * to the bot, and opens the analytics page with its charts.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { CHROMIUM_MISSING, chromiumAvailable, launchChromium, saveScreenshot } from './chromium.ts';

const LAURA_TOKEN = 'laura-inbox-token-0123456789';
const STEP_TIMEOUT_MS = 10_000;
const CUSTOMER = '573001112233';

describe.skipIf(!chromiumAvailable)('the agent inbox in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer({
      dialect: 'sqlite',
      config: testConfig([
        {
          id: 'clinica',
          name: 'Clínica Bella Piel',
          skills: ['smalltalk', 'handoff'],
          skillSettings: { handoff: { agents: [{ id: 'laura', name: 'Laura', token: LAURA_TOKEN }] } },
        },
      ]),
    });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes, answers and releases a handed-off conversation, live, and shows the analytics charts', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
    const waitFor = (locator: ReturnType<Page['locator']>) => locator.waitFor({ timeout: STEP_TIMEOUT_MS });

    await page.goto(`${base}/dashboard`);
    await byTestId('login-token').fill('not-the-right-token-at-all');
    await byTestId('login-submit').click();
    await waitFor(byTestId('login-error').filter({ hasText: 'El token no es válido.' }));
    await byTestId('login-token').fill(LAURA_TOKEN);
    await byTestId('login-submit').click();
    await waitFor(byTestId('agent-name').filter({ hasText: 'Laura' }));

    // Switched off, the hand-off waits in the queue instead of going to her.
    await byTestId('availability-toggle').uncheck();
    await waitFor(byTestId('availability-label').filter({ hasText: 'No disponible' }));
    // A mark on the page: it survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));

    const asked = await server.turn('clinica', {
      from: CUSTOMER,
      name: 'Ana',
      text: 'quiero hablar con una persona',
    });
    expect(asked.turn.handoff).toBe(true);
    const item = (list: string) =>
      page.locator(
        `[data-testid="${list}"] [data-testid="inbox-item"][data-conversation-id="${asked.conversationId}"]`,
      );
    await waitFor(item('queue-list'));
    expect(await page.evaluate(() => (globalThis as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(
      true,
    );
    expect(await item('queue-list').textContent()).toContain('Ana');

    await item('queue-list').click();
    const customerMessage = byTestId('message').and(page.locator('[data-author="customer"]'));
    await waitFor(customerMessage.first());
    expect(await customerMessage.first().locator('[data-testid="message-turn"]').textContent()).toContain(
      'intención: hablar_con_humano',
    );
    expect(await byTestId('window-status').isHidden()).toBe(true);

    await byTestId('take-button').click();
    await waitFor(item('mine-list'));
    await byTestId('reply-text').fill('Hola Ana, soy Laura. ¿En qué te ayudo?');
    await byTestId('reply-send').click();
    await waitFor(page.locator('[data-testid="message"][data-author="agent"]', { hasText: 'soy Laura' }));
    const sent = await server.db
      .selectFrom('messages')
      .select(['text', 'direction'])
      .where('conversation_id', '=', asked.conversationId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(sent).toEqual({ text: 'Hola Ana, soy Laura. ¿En qué te ayudo?', direction: 'out' });

    // The customer's answer shows up in the open conversation by itself; the bot stays silent.
    const answer = await server.turn('clinica', {
      from: CUSTOMER,
      text: 'quiero cambiar mi cita del viernes',
    });
    expect(answer.replies).toEqual([]);
    await waitFor(customerMessage.filter({ hasText: 'quiero cambiar mi cita del viernes' }));
    await saveScreenshot(page, 'dashboard-conversation');

    await byTestId('release-button').click();
    await waitFor(byTestId('conversation-status').and(page.locator('[data-status="bot"]')));
    await waitFor(byTestId('mine-list').locator('.empty'));
    const again = await server.turn('clinica', { from: CUSTOMER, text: 'hola' });
    expect(again.turn.handoff).toBe(false);
    expect(again.replies.length).toBeGreaterThan(0);

    await byTestId('nav-analytics').click();
    for (const chart of ['messages', 'rates', 'latency', 'intents', 'escalations', 'business'])
      await waitFor(page.locator(`[data-testid="chart-${chart}"][data-rendered="true"]`));
    await waitFor(byTestId('card-conversations').filter({ hasText: '1' }));
    expect(await byTestId('card-escalation').textContent()).toContain('100 %');
    await saveScreenshot(page, 'dashboard-analytics');
    expect(failures).toEqual([]);
  });
});

if (!chromiumAvailable) it.skip(CHROMIUM_MISSING, () => {});
