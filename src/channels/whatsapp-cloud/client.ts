/**
 * The WhatsApp Cloud API client: sends what a turn produced (text, reply buttons, lists, or the window
 * template), marks messages read with the typing indicator, and downloads media.
 */
import { z } from 'zod';
import { systemClock, type Clock } from '../../core/clock.ts';
import { DeliveryError, type OutboundEnvelope, type SendResult } from '../../core/delivery.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import type { TypingTarget } from '../channel.ts';
import { contentMessage, splitForInteractive, templateMessage, textMessage } from './outbound-message.ts';
import { missingSecret, settingsOf, type WhatsAppCloudSettings } from './settings.ts';

export interface WhatsAppCloudClientOptions {
  /** The HTTP client; the global `fetch` by default. */
  fetch?: typeof fetch;
  /** "Now", to tell whether the 24-hour customer-service window is open. */
  clock?: Clock;
  /** How long one API call may take before it is abandoned and retried (default 20 s). */
  timeoutMs?: number;
}

/** WhatsApp accepts free-form messages only this long after the customer last wrote. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Meta's rate-limit codes: throughput (130429), pair rate (131056), app (4) and account (80007) limits. */
const RATE_LIMIT_CODES = new Set(['4', '80007', '130429', '131056']);
/** Meta's "try again later" codes: unknown (1), service unavailable (2, 131016), something went wrong (131000). */
const TRANSIENT_CODES = new Set(['1', '2', '131000', '131016']);
/** Re-engagement: the 24-hour window is closed, only a template may be sent. */
export const WINDOW_CLOSED_CODE = '131047';
/** One message every 6 s to the same customer: what the pair rate limit asks for. */
const PAIR_RATE_DELAY_MS = 6000;

/** A failed Graph API call, with Meta's error code (or `http_<status>`, `network`, `timeout`). */
export class WhatsAppApiError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { code: string; status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WhatsAppApiError';
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

const graphErrorSchema = z.object({
  error: z.object({
    code: z.union([z.number(), z.string()]).optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).optional().catch(undefined),
    fbtrace_id: z.string().optional().catch(undefined),
  }),
});
const sendResponseSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const mediaResponseSchema = z.object({ url: z.string().min(1), mime_type: z.string().optional() });

interface CallOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** One Graph API call with the connection's bearer token; the parsed JSON answer, or a WhatsAppApiError. */
async function callGraph(
  settings: WhatsAppCloudSettings,
  accessToken: string,
  path: string,
  body: Record<string, unknown> | undefined,
  options: CallOptions,
): Promise<unknown> {
  const response = await request(
    `${settings.apiBaseUrl}/${settings.apiVersion}/${path}`,
    {
      method: body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
    options,
  );
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) throw failure(response, json);
  return json;
}

async function request(url: string, init: RequestInit, options: CallOptions): Promise<Response> {
  try {
    return await options.fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new WhatsAppApiError(
      timedOut
        ? `the WhatsApp Cloud API did not answer within ${options.timeoutMs} ms`
        : `the WhatsApp Cloud API could not be reached: ${(error as Error).message}`,
      { code: timedOut ? 'timeout' : 'network', retryable: true, cause: error },
    );
  }
}

/** Classifies an error answer: 408/429/5xx, rate limits and transient codes are worth retrying. */
function failure(response: Response, json: unknown): WhatsAppApiError {
  const error = graphErrorSchema.safeParse(json).data?.error;
  const metaCode = error?.code === undefined ? undefined : String(error.code);
  const code = metaCode ?? `http_${response.status}`;
  const rateLimited = metaCode !== undefined && RATE_LIMIT_CODES.has(metaCode);
  const retryable =
    response.status === 408 ||
    response.status === 429 ||
    response.status >= 500 ||
    rateLimited ||
    (metaCode !== undefined && TRANSIENT_CODES.has(metaCode));
  const retryAfterMs =
    retryAfter(response.headers.get('retry-after')) ??
    (metaCode === '131056' ? PAIR_RATE_DELAY_MS : undefined);
  const summary = error?.message ?? (response.statusText || 'no error message');
  const details = error?.error_data?.details;
  const trace = error?.fbtrace_id ? ` (fbtrace_id ${error.fbtrace_id})` : '';
  return new WhatsAppApiError(
    `the WhatsApp Cloud API answered ${response.status}: ${summary}${details && details !== summary ? ` — ${details}` : ''}${trace}`,
    {
      code,
      status: response.status,
      retryable,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    },
  );
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: Date = new Date()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof WhatsAppApiError) {
    return new DeliveryError(error.message, {
      code: error.code,
      retryable: error.retryable,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      cause: error,
    });
  }
  return new DeliveryError((error as Error).message, { code: 'internal', retryable: true, cause: error });
}

export function createWhatsAppCloudClient(options: WhatsAppCloudClientOptions = {}) {
  const call: CallOptions = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 20_000,
  };
  const clock = options.clock ?? systemClock;

  function tokenOf(connection: ConnectionConfig): string {
    const { accessToken } = settingsOf(connection);
    if (!accessToken) {
      throw new DeliveryError(missingSecret(connection, 'accessToken'), {
        code: 'not_configured',
        retryable: false,
      });
    }
    return accessToken;
  }

  async function post(connection: ConnectionConfig, body: Record<string, unknown>): Promise<SendResult> {
    const settings = settingsOf(connection);
    const answer = await callGraph(
      settings,
      tokenOf(connection),
      `${settings.phoneNumberId}/messages`,
      body,
      call,
    );
    const sent = sendResponseSchema.safeParse(answer);
    // Accepted without an id (never seen): the message went out, so it is not sent again.
    return sent.success ? { providerMessageId: sent.data.messages[0]!.id } : {};
  }

  /**
   * The conversations whose window template went out, with the customer's last message time then: a turn's
   * other replies (or a long reply's other pieces) must not send it again until the customer writes.
   */
  const templated = new Map<string, number>();

  async function sendTemplate(envelope: OutboundEnvelope, connection: ConnectionConfig): Promise<SendResult> {
    const { windowTemplate } = settingsOf(connection);
    const since = envelope.lastInboundAt
      ? `the customer last wrote at ${envelope.lastInboundAt.toISOString()}`
      : 'the customer has not written yet';
    if (!windowTemplate) {
      throw new DeliveryError(
        `outside WhatsApp's 24-hour customer-service window (${since}) only an approved template may be sent: configure windowTemplate in the settings of connection "${connection.id}"`,
        { code: WINDOW_CLOSED_CODE, retryable: false },
      );
    }
    const key = `${envelope.tenantId}\u0000${envelope.conversationId}`;
    const stamp = envelope.lastInboundAt?.getTime() ?? 0;
    if (templated.get(key) === stamp) {
      throw new DeliveryError(
        `outside WhatsApp's 24-hour customer-service window (${since}): the window template was already sent in this conversation; this message cannot be delivered until the customer writes again`,
        { code: WINDOW_CLOSED_CODE, retryable: false },
      );
    }
    const result = await post(connection, templateMessage(envelope.to, windowTemplate));
    templated.delete(key);
    templated.set(key, stamp);
    if (templated.size > 10_000) templated.delete(templated.keys().next().value!);
    return result;
  }

  /** Sends free-form content, or the window template when the customer-service window is closed. */
  async function send(envelope: OutboundEnvelope, connection: ConnectionConfig): Promise<SendResult> {
    try {
      tokenOf(connection);
      if (envelope.template) return await post(connection, templateMessage(envelope.to, envelope.template));
      const windowOpen =
        envelope.lastInboundAt !== null &&
        clock.now().getTime() - envelope.lastInboundAt.getTime() <= SERVICE_WINDOW_MS;
      if (!windowOpen) return await sendTemplate(envelope, connection);
      const interactive = (envelope.buttons?.length ?? 0) > 0 || (envelope.list?.rows.length ?? 0) > 0;
      const pieces = interactive ? splitForInteractive(envelope.text) : [envelope.text];
      try {
        // Replies are fitted to `interactiveTextMax` before they are queued; should a longer text come with
        // buttons all the same, it goes first as plain text, since an interactive body holds 1024 characters.
        for (const piece of pieces.slice(0, -1)) await post(connection, textMessage(envelope.to, piece));
        return await post(connection, contentMessage(envelope.to, { ...envelope, text: pieces.at(-1)! }));
      } catch (error) {
        if (error instanceof WhatsAppApiError && error.code === WINDOW_CLOSED_CODE) {
          return await sendTemplate(envelope, connection);
        }
        throw error;
      }
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** Marks the customer's message read and shows "typing…" until the reply is sent (or 25 s pass). */
  async function markAsRead(target: TypingTarget, connection: ConnectionConfig): Promise<void> {
    await post(connection, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: target.providerMessageId,
      typing_indicator: { type: 'text' },
    });
  }

  return {
    send,
    markAsRead,
    downloadMedia: (mediaId: string, connection: ConnectionConfig) =>
      downloadMedia(mediaId, connection, options),
  };
}

export interface DownloadedMedia {
  data: Buffer;
  mimeType: string;
}

/**
 * Downloads a customer's media (`payload.mediaId` of a media message): `GET /{version}/{media-id}` gives a
 * short-lived URL, fetched with the same bearer token. Media larger than `maxBytes` (100 MB, WhatsApp's
 * largest document) is refused. Throws a WhatsAppApiError (`retryable` tells whether to try again).
 */
export async function downloadMedia(
  mediaId: string,
  connection: ConnectionConfig,
  options: Pick<WhatsAppCloudClientOptions, 'fetch' | 'timeoutMs'> & { maxBytes?: number } = {},
): Promise<DownloadedMedia> {
  const settings = settingsOf(connection);
  if (!settings.accessToken) {
    throw new WhatsAppApiError(missingSecret(connection, 'accessToken'), {
      code: 'not_configured',
      retryable: false,
    });
  }
  const call: CallOptions = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 60_000,
  };
  const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
  const described = mediaResponseSchema.safeParse(
    await callGraph(settings, settings.accessToken, encodeURIComponent(mediaId), undefined, call),
  );
  if (!described.success) {
    throw new WhatsAppApiError(`the WhatsApp Cloud API gave no URL for media ${mediaId}`, {
      code: 'invalid_response',
      retryable: false,
    });
  }
  const response = await request(
    described.data.url,
    { headers: { authorization: `Bearer ${settings.accessToken}` } },
    call,
  );
  if (!response.ok) throw failure(response, undefined);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(mediaId, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(mediaId, maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return {
    data: Buffer.concat(chunks),
    mimeType: described.data.mime_type ?? response.headers.get('content-type') ?? 'application/octet-stream',
  };
}

function tooLarge(mediaId: string, maxBytes: number): WhatsAppApiError {
  return new WhatsAppApiError(`media ${mediaId} is larger than ${maxBytes} bytes`, {
    code: 'media_too_large',
    retryable: false,
  });
}
