/** The sample page served at `/demo/{tenant}` when a web chat connection sets `demoPage: true`. */
import type { WidgetLocale } from './widget-texts.ts';

export interface DemoPageOptions {
  tenantId: string;
  tenantName: string;
  connectionId: string;
  locale: WidgetLocale;
  color: string;
}

const TEXTS = {
  es: {
    lead: 'Esta es una página de ejemplo con el chat de {name}. Ábrelo con el botón de abajo a la derecha.',
    embed: 'Para ponerlo en tu sitio, pega esta línea antes de </body>:',
  },
  en: {
    lead: 'This is a sample page with the chat of {name}. Open it with the button at the bottom right.',
    embed: 'To put it on your site, paste this line before </body>:',
  },
};

/** A plain page with the widget's script tag, and the tag itself shown for copying. */
export function renderDemoPage(options: DemoPageOptions): string {
  const texts = TEXTS[options.locale];
  const tag = `<script src="/widget.js" data-tenant="${options.tenantId}" data-connection="${options.connectionId}" async></script>`;
  return `<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.tenantName)}</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2937; background: #f8fafc; }
  header { background: ${options.color}; color: #fff; padding: 48px 24px; }
  main { max-width: 720px; margin: 0 auto; padding: 24px; }
  h1 { max-width: 720px; margin: 0 auto; }
  code { display: block; padding: 12px; background: #e2e8f0; border-radius: 8px; overflow-x: auto; font-size: 13px; }
</style>
</head>
<body>
<header><h1>${escapeHtml(options.tenantName)}</h1></header>
<main>
<p>${escapeHtml(texts.lead.replace('{name}', options.tenantName))}</p>
<p>${escapeHtml(texts.embed)}</p>
<code>${escapeHtml(tag.replace('/widget.js', 'https://your-orquesta-host/widget.js'))}</code>
</main>
${tag}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
