/**
 * A web chat that a person takes over, in headless Chromium against the real server with the demo
 * configuration: a visitor books an appointment with the clinic's bot in the widget, reloads and asks for a
 * person; Laura, logged in to the agent inbox in another browser context, sees the chat arrive in the queue
 * without reloading, takes it and answers; the visitor sees who joined and the answer; Laura hands the chat
 * back and the bot answers the visitor again.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_TEXTS } from '../../src/channels/webchat/widget-texts.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { createTemplateRenderer, type RenderTemplate } from '../../src/dialogue/templates.ts';
import { handoffTemplates } from '../../src/skills/handoff/templates.ts';
import { smalltalkTemplates } from '../../src/skills/smalltalk/templates.ts';
import { demoTestConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { CHROMIUM_MISSING, chromiumAvailable, launchChromium, saveScreenshot } from './chromium.ts';
import { serveWidgetPage, widgetOn, type HostPage } from './host-page.ts';

/** Monday 9:00 in Bogotá: Laura's hours (08:00-18:00) have begun, Andrés's (from 10:00) not yet. */
const MONDAY_9AM = '2026-11-23T14:00:00.000Z';
const STEP_TIMEOUT_MS = 10_000;
const ASK_FOR_PERSON = 'quiero hablar con una persona';
const AGENT_ANSWER = 'Hola, soy Laura. Con gusto le ayudo: su cita del viernes a las 10 sigue en pie.';
const QUESTION = '¿Puedo llegar 10 minutos antes?';

describe.skipIf(!chromiumAvailable)(
  'a visitor of the web chat and an agent of the inbox, in Chromium',
  () => {
    let server: TestServer;
    let browser: Browser;
    let site: HostPage;
    let orquesta: string;
    let render: RenderTemplate;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      // Templates only, whatever the environment says about a language model: the replies are compared exactly.
      const config = demoTestConfig();
      const clinica = config.config.tenants.find((tenant) => tenant.id === 'clinica')!;
      render = createTemplateRenderer(clinica, [
        { templates: smalltalkTemplates },
        { templates: handoffTemplates },
      ]);
      server = await startTestServer({ dialect: 'sqlite', config, clock: createManualClock(MONDAY_9AM) });
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      orquesta = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
      site = await serveWidgetPage(orquesta, 'clinica');
      browser = await launchChromium();
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await site?.close();
      await server?.close();
    });

    async function newPage(viewport: { width: number; height: number }, failures: string[]) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => failures.push(error.message));
      return page;
    }

    it('hands a booked visitor to Laura, who answers live, and back to the bot', async () => {
      const failures: string[] = [];

      // The agent's token, created through the admin API as the inbox's guide says (the demo sets none).
      const created = await server.request('POST', '/api/v1/tenants/clinica/agents/laura/tokens');
      expect(created.statusCode).toBe(201);
      const agentToken = created.json<{ token: string }>().token;

      // ── The visitor books an appointment in the widget ──────────────────────────────────────────────
      const visitor = await newPage({ width: 1000, height: 760 }, failures);
      await visitor.goto(site.url);
      const { bot, option, say, waitFor } = widgetOn(visitor, STEP_TIMEOUT_MS);
      /** The widget's log as lines: `visitor:`, `bot:` or the agent's name, and `notice:` for its notices. */
      const transcript = () =>
        visitor.locator('.log').evaluate((log) =>
          [...log.children].map((entry) => {
            if (entry.classList.contains('notice')) return `notice: ${entry.textContent}`;
            const text = entry.querySelector('.text')?.textContent;
            if (entry.classList.contains('in')) return `visitor: ${text}`;
            return `${entry.querySelector('.author')?.textContent ?? 'bot'}: ${text}`;
          }),
        );

      await visitor.locator('.launcher').click();
      await waitFor(bot(render('es', 'smalltalk.greeting', { business: 'Clínica Bella Piel' })));
      await say('quiero agendar una cita');
      await option('Limpieza facial profunda').click();
      await option('Camila Ortiz').click();
      await waitFor(bot('¿Qué horario te sirve'));
      await say('el viernes a las 10');
      await waitFor(bot('¿Te agendo Limpieza facial profunda con Camila Ortiz el viernes 27 de noviembre'));
      await option('Sí').click();
      await waitFor(bot('Te agendé'));
      await option('Confirmar cita').click();
      await waitFor(bot('Quedó confirmada tu cita'));
      const booked = await transcript();

      await visitor.reload();
      await waitFor(bot('Quedó confirmada tu cita'));
      const reloaded = await transcript();
      expect(reloaded).toEqual(booked);
      expect(reloaded.at(-1)).toBe(
        'bot: ¡Gracias! Quedó confirmada tu cita de Limpieza facial profunda (viernes 27 de noviembre, 10:00 a. m.). Te esperamos.',
      );

      // ── Laura logs in to the inbox, switched off so that the hand-off waits in the queue ────────────
      const agent = await newPage({ width: 1200, height: 800 }, failures);
      const byTestId = (id: string) => agent.locator(`[data-testid="${id}"]`);
      await agent.goto(`${orquesta}/dashboard`);
      await byTestId('login-token').fill(agentToken);
      await byTestId('login-submit').click();
      await waitFor(byTestId('agent-name').filter({ hasText: 'Laura' }));
      await byTestId('availability-toggle').uncheck();
      await waitFor(byTestId('availability-label').filter({ hasText: 'No disponible' }));
      await waitFor(byTestId('queue-list').locator('.empty'));
      // A mark on the page: it survives only if the page is never reloaded.
      await agent.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));

      // ── The visitor asks for a person; the chat arrives in Laura's queue by itself ───────────────────
      await say(ASK_FOR_PERSON);
      const queued = render('es', 'handoff.queued_soon');
      await waitFor(bot(queued));
      const [conversation, ...others] = await server.db
        .selectFrom('conversations')
        .select('id')
        .where('tenant_id', '=', 'clinica')
        .execute();
      expect(others).toEqual([]);
      const item = (list: string) =>
        byTestId(list).locator(`[data-testid="inbox-item"][data-conversation-id="${conversation!.id}"]`);
      await waitFor(item('queue-list'));
      expect(
        await agent.evaluate(() => (globalThis as { stillTheSamePage?: boolean }).stillTheSamePage),
      ).toBe(true);
      expect(await item('queue-list').textContent()).toContain('webchat · Motivo: asked_for_human');
      expect(await item('queue-list').locator('strong').textContent()).toBe('Visitante web');
      expect(await item('queue-list').locator('.preview').textContent()).toBe(queued);

      await item('queue-list').click();
      const customerMessage = (text: string) =>
        agent.locator('[data-testid="message"][data-author="customer"]', { hasText: text });
      await waitFor(customerMessage(ASK_FOR_PERSON));
      expect(
        await customerMessage(ASK_FOR_PERSON).locator('[data-testid="message-turn"]').textContent(),
      ).toContain('intención: hablar_con_humano');

      // ── Laura takes it and answers; the visitor sees who joined and the answer ──────────────────────
      await byTestId('take-button').click();
      await waitFor(item('mine-list'));
      const joined = WIDGET_TEXTS.es.agentJoined.replace('{name}', 'Laura');
      await waitFor(visitor.locator('.notice', { hasText: joined }));
      await byTestId('reply-text').fill(AGENT_ANSWER);
      await byTestId('reply-send').click();
      await waitFor(visitor.locator('.message.out', { hasText: AGENT_ANSWER }));
      expect(await byTestId('contact-name').textContent()).toBe('Visitante web');
      await waitFor(byTestId('conversation-status').filter({ hasText: /^webchat · Atiende Laura$/ }));
      const answered = agent.locator('[data-testid="message"][data-author="agent"]', {
        hasText: AGENT_ANSWER,
      });
      await waitFor(answered);
      expect(await answered.locator('.meta').textContent()).toMatch(/^Agente Laura · /);
      await saveScreenshot(visitor, 'visitor-and-agent-widget');

      // The visitor answers; Laura sees it arrive, and the bot stays out of it.
      await say(QUESTION);
      await waitFor(visitor.locator('.message.in[data-status="processed"]', { hasText: QUESTION }));
      await waitFor(
        customerMessage(QUESTION).locator('[data-testid="message-turn"]', { hasText: 'en pausa' }),
      );
      await saveScreenshot(agent, 'visitor-and-agent-dashboard');

      // ── Laura hands the chat back; the bot answers the visitor's next message ────────────────────────
      await byTestId('release-button').click();
      await waitFor(byTestId('conversation-status').and(agent.locator('[data-status="bot"]')));
      await waitFor(byTestId('mine-list').locator('.empty'));
      await waitFor(visitor.locator('.notice', { hasText: WIDGET_TEXTS.es.chatReleased }));
      await say('hola');
      const greeting = render('es', 'smalltalk.greeting', { business: 'Clínica Bella Piel' });
      await waitFor(visitor.locator('.message.out', { hasText: greeting }).nth(1));
      await waitFor(
        agent.locator('[data-testid="message"][data-author="bot"]', { hasText: greeting }).nth(1),
      );
      await saveScreenshot(visitor, 'visitor-and-agent-widget-released');

      expect((await transcript()).slice(reloaded.length)).toEqual([
        `visitor: ${ASK_FOR_PERSON}`,
        `bot: ${queued}`,
        `notice: ${joined}`,
        `Laura: ${AGENT_ANSWER}`,
        `visitor: ${QUESTION}`,
        `notice: ${WIDGET_TEXTS.es.chatReleased}`,
        'visitor: hola',
        `bot: ${greeting}`,
      ]);
      expect(
        await server.db.selectFrom('handoffs').select(['reason', 'status', 'agent_id']).execute(),
      ).toEqual([{ reason: 'asked_for_human', status: 'released', agent_id: 'laura' }]);
      expect(failures).toEqual([]);
    });
  },
);

if (!chromiumAvailable) it.skip(CHROMIUM_MISSING, () => {});
