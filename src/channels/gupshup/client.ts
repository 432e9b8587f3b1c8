/**
 * Sending through Gupshup: `POST {apiBaseUrl}/wa/api/v1/msg`, form-encoded, with the `apikey` header.
 * https://docs.gupshup.io/reference/outbound-messages-1
 */
import { z } from 'zod';
import { DeliveryError } from '../../core/delivery.ts';
import { parseJsonWith } from '../../core/json.ts';
import type { OutboundContent } from '../../core/messages.ts';

export interface GupshupClientOptions {
  apiBaseUrl: string;
  apiKey: string;
  /** The Gupshup app (`src.name`). */
  appName: string;
  /** The business number messages are sent from. */
  source: string;
  fetch?: typeof fetch;
  /** How long one call may take before it counts as a network failure (retried). Default 15 s. */
  timeoutMs?: number;
}

/** The `message` field of a send call: text, quick-reply buttons or a list. */
export type GupshupMessage =
  | { type: 'text'; text: string }
  | {
      type: 'quick_reply';
      msgid: string;
      content: { type: 'text'; text: string };
      options: { title: string; postbackText: string }[];
    }
  | {
      type: 'list';
      title: string;
      body: string;
      msgid: string;
      globalButtons: { type: 'text'; title: string }[];
      items: { options: { type: 'text'; title: string; postbackText: string }[] }[];
    };

/**
 * What Gupshup is asked to show for one outbound message. Buttons become a `quick_reply` and list rows a
 * `list`; each option's `postbackText` is the option's id, which Gupshup echoes back when it is tapped.
 * `reference` (our outbound message id) is the `msgid` Gupshup echoes with the reply.
 */
export function toGupshupMessage(content: OutboundContent, reference: string): GupshupMessage {
  if (content.buttons?.length) {
    return {
      type: 'quick_reply',
      msgid: reference,
      content: { type: 'text', text: content.text },
      options: content.buttons.map((button) => ({ title: button.title, postbackText: button.id })),
    };
  }
  if (content.list?.rows.length) {
    return {
      type: 'list',
      // Gupshup requires a header; the label of the list's button is the shortest honest one.
      title: content.list.button,
      body: content.text,
      msgid: reference,
      globalButtons: [{ type: 'text', title: content.list.button }],
      items: [
        {
          options: content.list.rows.map((row) => ({ type: 'text', title: row.title, postbackText: row.id })),
        },
      ],
    };
  }
  return { type: 'text', text: content.text };
}

export function createGupshupClient(options: GupshupClientOptions) {
  const fetcher = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  /** Sends one message; resolves with Gupshup's message id, which its status callbacks name. */
  async function sendMessage(destination: string, message: GupshupMessage): Promise<{ messageId?: string }> {
    const form = new URLSearchParams({
      channel: 'whatsapp',
      source: options.source,
      destination,
      message: JSON.stringify(message),
      'src.name': options.appName,
    });
    let response: Response;
    try {
      response = await fetcher(`${options.apiBaseUrl}/wa/api/v1/msg`, {
        method: 'POST',
        headers: {
          apikey: options.apiKey,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new DeliveryError(
        timedOut
          ? `Gupshup did not answer within ${timeoutMs} ms`
          : `Gupshup could not be reached: ${(error as Error).message}`,
        { code: timedOut ? 'timeout' : 'network', retryable: true, cause: error },
      );
    }
    const body = await readBody(response);
    if (response.ok) {
      if (body.status === 'error') throw refused(response.status, body);
      return typeof body.messageId === 'string' && body.messageId ? { messageId: body.messageId } : {};
    }
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      const retryAfterMs = retryAfter(response.headers.get('retry-after'));
      throw new DeliveryError(`Gupshup answered ${response.status}${describe(body)}`, {
        code: `http_${response.status}`,
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    throw refused(response.status, body);
  }

  return { sendMessage };
}

interface GupshupAnswer {
  status?: unknown;
  messageId?: unknown;
  message?: unknown;
  code?: unknown;
}

const answerSchema = z.record(z.string(), z.unknown());

/** Gupshup answers JSON (`{ status, messageId }` or `{ status: "error", message }`); anything else is kept as text. */
async function readBody(response: Response): Promise<GupshupAnswer> {
  const text = await response.text().catch(() => '');
  const parsed = parseJsonWith(answerSchema, text);
  if (parsed.ok) return parsed.value;
  return text.trim() ? { message: text.trim().slice(0, 200) } : {};
}

/** A permanent refusal, with Gupshup's code when it gave one (else the HTTP status) and its message. */
function refused(status: number, body: GupshupAnswer): DeliveryError {
  const code =
    typeof body.code === 'string' || typeof body.code === 'number' ? String(body.code) : `http_${status}`;
  return new DeliveryError(`Gupshup refused the message (HTTP ${status})${describe(body)}`, {
    code,
    retryable: false,
  });
}

function describe(body: GupshupAnswer): string {
  return typeof body.message === 'string' && body.message ? `: ${body.message.slice(0, 300)}` : '';
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfter(header: string | null, now: Date = new Date()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
