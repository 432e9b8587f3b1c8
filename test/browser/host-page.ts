/**
 * A page of "the business's own site", on an origin of its own, for embedding Orquesta's widgets, and
 * the small steps that drive the web chat widget on it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';

export interface HostPage {
  url: string;
  close(): Promise<void>;
}

/** Serves `html` at `/` on 127.0.0.1 and a free port (any path answers the same page). */
export async function serveHostPage(html: string): Promise<HostPage> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A page of the business's site that embeds Orquesta's web chat widget for `tenant`. */
export function serveWidgetPage(orquestaUrl: string, tenant: string): Promise<HostPage> {
  return serveHostPage(`<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Clínica Bella Piel</title></head>
<body><h1>Clínica Bella Piel</h1><p>Tratamientos faciales y corporales.</p>
<script src="${orquestaUrl}/widget.js" data-tenant="${tenant}" async></script></body></html>`);
}

/** Ways to drive the widget on `page`, waiting at most `timeoutMs` for each step. */
export function widgetOn(page: Page, timeoutMs: number) {
  const waitFor = (locator: Locator) => locator.waitFor({ timeout: timeoutMs });
  /** The last of the bot's (or an agent's) messages containing `text`. */
  const bot = (text: string) => page.locator('.message.out', { hasText: text }).last();
  /** A button the visitor may still click. */
  const option = (title: string) => page.locator('.option:not([disabled])', { hasText: title });
  const say = async (text: string) => {
    await page.locator('input').fill(text);
    await page.locator('.send').click();
  };
  return { waitFor, bot, option, say };
}
