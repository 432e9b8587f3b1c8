/**
 * The web chat widget in headless Chromium, on a page of another origin (as on a business's own site),
 * against the real server with the demo configuration: a visitor books an appointment with the clinic's
 * bot by clicking its buttons and typing, reloads the page, and still sees the conversation.
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { demoTestConfig } from '../support/test-config.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { CHROMIUM_MISSING, chromiumAvailable, launchChromium, saveScreenshot } from './chromium.ts';
import { serveWidgetPage, widgetOn, type HostPage } from './host-page.ts';

const MONDAY_9AM = '2026-11-23T14:00:00.000Z';
const STEP_TIMEOUT_MS = 10_000;

describe.skipIf(!chromiumAvailable)('the web chat widget in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let site: HostPage;

  beforeAll(async () => {
    const config = demoTestConfig();
    server = await startTestServer({ dialect: 'sqlite', config, clock: createManualClock(MONDAY_9AM) });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const orquesta = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    site = await serveWidgetPage(orquesta, 'clinica');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  it('books an appointment by clicking and typing, and keeps the conversation across a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(site.url);

    const { bot, option, say, waitFor } = widgetOn(page, STEP_TIMEOUT_MS);

    await page.locator('.launcher').click();
    await waitFor(bot('Soy el asistente virtual de Clínica Bella Piel'));
    expect(await page.locator('.title').textContent()).toBe('Clínica Bella Piel');
    expect(await page.locator('.greeting').textContent()).toBe('Agenda tu cita en segundos');

    await say('quiero agendar una cita');
    await option('Limpieza facial profunda').click();
    await option('Camila Ortiz').click();
    await waitFor(bot('¿Qué horario te sirve'));
    expect(await page.locator('.options.list .option:not([disabled])').count()).toBeGreaterThan(4);
    await page.locator('input').fill('el viernes a las 10');
    await page.locator('input').press('Enter');
    await waitFor(bot('¿Te agendo Limpieza facial profunda con Camila Ortiz el viernes 27 de noviembre'));
    await option('Sí').click();
    await waitFor(bot('Te agendé'));
    await option('Confirmar cita').click();
    await waitFor(bot('Quedó confirmada tu cita'));
    await saveScreenshot(page, 'webchat-booked');

    const appointments = await server.db
      .selectFrom('appointments')
      .select(['service_id', 'professional_id', 'status', 'start_at'])
      .execute();
    expect(appointments).toEqual([
      {
        service_id: 'limpieza-facial',
        professional_id: 'camila',
        status: 'confirmed',
        start_at: expect.stringMatching(/^2026-11-27T15:00:00/),
      },
    ]);
    const before = await page.locator('.message').allTextContents();

    await page.reload();
    await waitFor(bot('Quedó confirmada tu cita'));
    expect(await page.locator('.panel').isVisible()).toBe(true);
    expect(await page.locator('.message').allTextContents()).toEqual(before);
    expect(await page.locator('.option:not([disabled])').count()).toBe(0);
    await saveScreenshot(page, 'webchat-reloaded');
    expect(failures).toEqual([]);
  });
});

if (!chromiumAvailable) it.skip(CHROMIUM_MISSING, () => {});
