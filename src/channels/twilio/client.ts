/**
 * Sends one outbound message through Twilio's Messages API: `POST {apiBaseUrl}/2010-04-01/Accounts/
 * {AccountSid}/Messages.json`, HTTP basic auth (Account SID : Auth Token), form-encoded `From`, `To`,
 * `Body` (or `ContentSid` + `ContentVariables` outside WhatsApp's 24-hour window) and `StatusCallback`.
 */
import { z } from 'zod';
import { DeliveryError, type OutboundEnvelope, type SendResult } from '../../core/delivery.ts';
import { parseJsonWith } from '../../core/json.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { missingSecret, settingsOf, type TwilioSettings } from './settings.ts';
import type { VerifiedUrls } from './webhook.ts';

/** WhatsApp's customer-service window: free text only within 24 hours of the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Twilio's error for free text outside the window ("Outside messaging window … use a Message Template"). */
export const OUTSIDE_WINDOW_CODE = '63016';

export interface TwilioClientOptions {
  fetch: typeof globalThis.fetch;
  /** The time the service window is measured against. */
  now: () => Date;
  /** How long one API call may take before it counts as a network error (and is retried). */
  timeoutMs: number;
  /** The public base URL of this server (ORQUESTA_PUBLIC_URL), for `StatusCallback`. */
  publicUrl: string | undefined;
  /** The URL of each connection's last verified webhook: the `StatusCallback` when no public URL is set. */
  verifiedUrls: VerifiedUrls;
}

const messageSchema = z.looseObject({ sid: z.string().min(1) });
const errorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
  more_info: z.string().optional(),
  errors: z
    .array(
      z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() }),
    )
    .optional(),
});

/**
 * Sends the envelope's text, or the connection's content template when the customer last wrote more than
 * 24 hours ago (or never) or Twilio answers 63016. Errors are DeliveryErrors: 408, 429, 5xx and network
 * failures are retryable (honouring `Retry-After`); other answers are permanent, with Twilio's code.
 */
export async function sendTwilioMessage(
  envelope: OutboundEnvelope,
  connection: ConnectionConfig,
  options: TwilioClientOptions,
): Promise<SendResult> {
  const settings = settingsOf(connection);
  if (!settings.accountSid) throw notConfigured(missingSecret(connection, 'accountSid'));
  if (!settings.authToken) throw notConfigured(missingSecret(connection, 'authToken'));
  if (!/^\d{6,15}$/.test(envelope.to)) {
    throw new DeliveryError(`"${envelope.to}" is not a WhatsApp number (digits with the country code)`, {
      code: 'invalid_recipient',
      retryable: false,
    });
  }
  const call = { settings, accountSid: settings.accountSid, authToken: settings.authToken, options };
  const address = {
    From: settings.from,
    To: `whatsapp:+${envelope.to}`,
  };
  const callback = statusCallbackUrl(envelope, connection, settings, options);
  const tail: Record<string, string> = callback ? { StatusCallback: callback } : {};

  const last = envelope.lastInboundAt;
  const windowOpen = last !== null && options.now().getTime() - last.getTime() < SERVICE_WINDOW_MS;
  if (windowOpen) {
    try {
      return await createMessage(call, { ...address, Body: envelope.text, ...tail });
    } catch (error) {
      // Twilio's clock and ours may disagree about the window: its verdict wins.
      if (!(error instanceof DeliveryError) || error.code !== OUTSIDE_WINDOW_CODE) throw error;
    }
  }

  const template = settings.windowTemplate;
  if (!template) {
    throw new DeliveryError(
      `the customer last wrote ${last ? 'more than 24 hours ago' : 'never'}, so WhatsApp only accepts an ` +
        `approved template, and connection "${connection.id}" has no windowTemplate: set ` +
        `settings.windowTemplate.contentSid to an approved Content template ("HX…") — see docs/channels/twilio.md`,
      { code: OUTSIDE_WINDOW_CODE, retryable: false },
    );
  }
  return createMessage(call, {
    ...address,
    ContentSid: template.contentSid,
    ...(template.variables ? { ContentVariables: JSON.stringify(template.variables) } : {}),
    ...tail,
  });
}

/**
 * Where Twilio should post this message's statuses: this connection's webhook under the configured public
 * URL (settings.publicUrl, else ORQUESTA_PUBLIC_URL), else the URL its last verified webhook came to.
 * None when `statusCallback: false` or no public URL is known (Twilio then uses the sender's own setting).
 */
function statusCallbackUrl(
  envelope: OutboundEnvelope,
  connection: ConnectionConfig,
  settings: TwilioSettings,
  options: TwilioClientOptions,
): string | undefined {
  if (!settings.statusCallback) return undefined;
  const base = settings.publicUrl ?? httpUrl(options.publicUrl)?.replace(/\/+$/, '');
  if (base) {
    return `${base}/webhooks/${encodeURIComponent(envelope.tenantId)}/${encodeURIComponent(envelope.connectionId)}`;
  }
  return options.verifiedUrls.get(connection);
}

interface Call {
  settings: TwilioSettings;
  accountSid: string;
  authToken: string;
  options: TwilioClientOptions;
}

async function createMessage(call: Call, fields: Record<string, string>): Promise<SendResult> {
  const { settings, accountSid, authToken, options } = call;
  const url = `${settings.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new DeliveryError(
      timedOut
        ? `Twilio did not answer within ${options.timeoutMs} ms`
        : `Twilio could not be reached: ${(error as Error).message}`,
      { code: timedOut ? 'timeout' : 'network', retryable: true, cause: error },
    );
  }
  if (response.ok) {
    const message = parseJsonWith(messageSchema, text);
    // Sent, whatever the body says: retrying would send the message twice.
    return message.ok ? { providerMessageId: message.value.sid } : {};
  }
  throw failure(response, text, options.now());
}

/** Classifies an error answer: 408, 429 and 5xx are worth retrying; any other is permanent. */
function failure(response: Response, text: string, now: Date): DeliveryError {
  const parsed = parseJsonWith(errorSchema, text);
  const body = parsed.ok ? parsed.value : undefined;
  const first = body?.errors?.[0];
  const twilioCode = body?.code ?? first?.code;
  const code = twilioCode === undefined ? `http_${response.status}` : String(twilioCode);
  const summary = body?.message ?? first?.message ?? (response.statusText || 'no error message');
  const hint =
    response.status === 401 ? ' — check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN of this connection' : '';
  const more = body?.more_info ? ` (${body.more_info})` : '';
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  const retryAfterMs = retryAfter(response.headers.get('retry-after'), now);
  return new DeliveryError(`Twilio answered ${response.status}: ${summary}${more}${hint}`, {
    code,
    retryable,
    ...(retryable && retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function notConfigured(message: string): DeliveryError {
  return new DeliveryError(message, { code: 'not_configured', retryable: false });
}

function httpUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? text.trim() : undefined;
  } catch {
    return undefined;
  }
}
