/** The Graph API request bodies of what Orquesta sends: text, reply buttons, lists and templates. */
import type { OutboundEnvelope } from '../../core/delivery.ts';
import type { WhatsAppCloudSettings } from './settings.ts';

/** The longest body of an interactive (buttons or list) message. */
export const INTERACTIVE_BODY_MAX = 1024;

/** A business-scoped user id (`US.13491208655302741918`), sent as `recipient` instead of `to`. */
const BSUID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]+$/;

/** The fields every message shares: product, recipient type and address. */
function addressed(to: string): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...(BSUID.test(to) ? { recipient: to } : { to }),
  };
}

/** A text message; links are not previewed. */
export function textMessage(to: string, body: string): Record<string, unknown> {
  return { ...addressed(to), type: 'text', text: { preview_url: false, body } };
}

/** The message for one piece of content: reply buttons, a list, or text. */
export function contentMessage(
  to: string,
  content: Pick<OutboundEnvelope, 'text' | 'buttons' | 'list'>,
): Record<string, unknown> {
  if (content.buttons && content.buttons.length > 0) {
    return {
      ...addressed(to),
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: content.text },
        action: {
          buttons: content.buttons.map((button) => ({
            type: 'reply',
            reply: { id: button.id, title: button.title },
          })),
        },
      },
    };
  }
  if (content.list && content.list.rows.length > 0) {
    return {
      ...addressed(to),
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: content.text },
        action: {
          button: content.list.button,
          sections: [{ rows: content.list.rows.map((row) => ({ id: row.id, title: row.title })) }],
        },
      },
    };
  }
  return textMessage(to, content.text);
}

/** The configured template, the only thing WhatsApp lets a business send outside the service window. */
export function templateMessage(
  to: string,
  template: NonNullable<WhatsAppCloudSettings['windowTemplate']>,
): Record<string, unknown> {
  return {
    ...addressed(to),
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      ...(template.components ? { components: template.components } : {}),
    },
  };
}

/** Splits text longer than an interactive body allows at a line or word boundary; the last piece ≤ max. */
export function splitForInteractive(text: string, max = INTERACTIVE_BODY_MAX): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const boundary = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const cut = boundary >= max / 2 ? boundary : max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces;
}
