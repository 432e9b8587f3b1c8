/**
 * Twilio's webhooks: incoming WhatsApp messages and status callbacks of the messages we sent, both as
 * `application/x-www-form-urlencoded` POSTs signed with `X-Twilio-Signature` over the public URL.
 */
import type { ChannelWebhook, RawRequest, VerifyResult, WebhookAnswer } from '../channel.ts';
import { WebhookParseError } from '../channel.ts';
import type { DeliveryStatusUpdate, InboundEvent, InboundMessage } from '../../core/messages.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { missingSecret, settingsOf } from './settings.ts';
import { isValidTwilioSignature, type SignedParams } from './signature.ts';

/** Twilio's SIDs: two letters (SM, MM, AC …) and 32 characters. */
const SID = /^[A-Za-z]{2}[0-9A-Za-z]{32}$/;
/** A WhatsApp address as Twilio writes it, `whatsapp:+573001234567` (or an SMS one, `+573001234567`). */
const ADDRESS = /^(?:whatsapp:)?\+?(\d{6,15})$/;
/** Twilio sends at most 10 media per message. */
const MAX_MEDIA = 10;

/** Statuses of outbound messages that say something about delivery; the rest (queued, sending …) are ignored. */
const DELIVERY_STATUS: Record<string, DeliveryStatusUpdate['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
};
/** `MessageStatus` values an incoming message may carry: those are messages, not status callbacks. */
const INBOUND_STATUS = new Set(['received', 'receiving']);

/** The empty TwiML document: Twilio sends nothing itself, Orquesta replies through the REST API. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * The public URL of the last webhook of each connection whose signature was valid. Twilio signed it, so
 * it is the URL Twilio calls, even when it was computed from a proxy's forwarded headers; the client uses
 * it for `StatusCallback` when no public URL is configured.
 */
export type VerifiedUrls = WeakMap<ConnectionConfig, string>;

export function createTwilioWebhook(verifiedUrls: VerifiedUrls): ChannelWebhook {
  return {
    verify(request, connection) {
      const result = verifyTwilioRequest(request, connection);
      if (result.ok) verifiedUrls.set(connection, withoutQuery(request.publicUrl));
      return result;
    },
    parse: (request, connection) => parseTwilioRequest(request, connection),
    acknowledge: (): WebhookAnswer => ({ status: 200, contentType: 'text/xml', body: EMPTY_TWIML }),
  };
}

/** Checks `X-Twilio-Signature` over the URL Twilio called and the form parameters, in constant time. */
export function verifyTwilioRequest(request: RawRequest, connection: ConnectionConfig): VerifyResult {
  const { authToken } = settingsOf(connection);
  if (!authToken) {
    return { ok: false, reason: 'not_configured', message: missingSecret(connection, 'authToken') };
  }
  const signature = request.headers['x-twilio-signature'];
  if (!signature) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: 'the request has no X-Twilio-Signature header — only Twilio may post to this URL',
    };
  }
  const valid = isValidTwilioSignature({
    authToken,
    signature,
    url: request.publicUrl,
    // Verification reads the form the way every web framework does (leniently); parse() is strict.
    params: signedParams(request.body),
    body: request.body,
  });
  if (valid) return { ok: true };
  return {
    ok: false,
    reason: 'bad_signature',
    message:
      `X-Twilio-Signature does not match a request to ${withoutQuery(request.publicUrl)} — check that ` +
      `TWILIO_AUTH_TOKEN is the account's Auth Token and that this is the URL configured in Twilio ` +
      `(set ORQUESTA_PUBLIC_URL, or ORQUESTA_TRUST_PROXY=1 behind a proxy that forwards host and protocol)`,
  };
}

/**
 * Reads one webhook: an incoming message (`MessageSid` is its deduplication key) or a status callback
 * of one of ours (`MessageStatus` with the outbound `MessageSid`). A body that is not a well-formed form,
 * or a form of neither shape, is a WebhookParseError (400).
 */
export function parseTwilioRequest(request: RawRequest, connection: ConnectionConfig): InboundEvent[] {
  const contentType = request.headers['content-type'];
  if (contentType && !contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
    throw new WebhookParseError(
      `Twilio posts application/x-www-form-urlencoded, not ${contentType.split(';')[0]}`,
    );
  }
  const form = decodeForm(request.body);
  const messageSid = form.get('MessageSid');
  if (messageSid === undefined) {
    throw new WebhookParseError('the form has no MessageSid: it is neither a Twilio message nor a status');
  }
  if (!SID.test(messageSid)) throw new WebhookParseError('MessageSid is not a Twilio message SID');

  const status = form.get('MessageStatus');
  if (status !== undefined && !INBOUND_STATUS.has(status)) {
    return statusEvents(form, connection.id, messageSid, status);
  }
  return [{ type: 'message', message: inboundMessage(form, connection.id, messageSid) }];
}

function statusEvents(form: Form, connectionId: string, messageSid: string, status: string): InboundEvent[] {
  const mapped = DELIVERY_STATUS[status];
  if (!mapped) return [];
  const update: DeliveryStatusUpdate = { connectionId, providerMessageId: messageSid, status: mapped };
  if (mapped === 'failed') {
    const code = form.get('ErrorCode') || undefined;
    if (code !== undefined && !/^\d{1,10}$/.test(code)) {
      throw new WebhookParseError('ErrorCode is not a Twilio error code');
    }
    const message = form.get('ErrorMessage') || form.get('ChannelStatusMessage') || undefined;
    update.error = {
      code: code ?? status,
      message:
        message ??
        (code
          ? `Twilio reported the message ${status} with error ${code} (https://www.twilio.com/docs/errors/${code})`
          : `Twilio reported the message ${status}`),
    };
  }
  return [{ type: 'status', status: update }];
}

function inboundMessage(form: Form, connectionId: string, messageSid: string): InboundMessage {
  const from = ADDRESS.exec(form.get('From') ?? '')?.[1];
  if (!from) throw new WebhookParseError('From is not a WhatsApp address such as whatsapp:+573001234567');
  const body = form.get('Body') ?? '';
  const name = form.get('ProfileName')?.trim();
  const payload: Record<string, unknown> = {};
  const waId = form.get('WaId');
  if (waId) payload.waId = waId;
  const repliedTo = form.get('OriginalRepliedMessageSid');
  if (repliedTo) payload.context = { providerMessageId: repliedTo };
  if (form.get('Forwarded') === 'true') payload.forwarded = true;
  const referral = referralOf(form);
  if (referral) payload.referral = referral;

  const base = { connectionId, providerMessageId: messageSid, from, ...(name ? { name } : {}) };
  const buttonId = form.get('ButtonPayload');
  if (buttonId) {
    const title = form.get('ButtonText') || body || buttonId;
    return {
      ...base,
      kind: 'interactive',
      text: title,
      payload: { ...payload, buttonId, buttonTitle: title },
    };
  }
  const location = locationOf(form);
  if (location) {
    const text = location.label ?? location.address ?? body;
    return { ...base, kind: 'location', text, payload: { ...payload, ...location } };
  }
  const media = mediaOf(form);
  if (media.length > 0) return { ...base, kind: 'media', text: body, payload: { ...payload, media } };
  if (body.trim() === '') return { ...base, kind: 'unsupported', text: '', payload };
  return { ...base, kind: 'text', text: body, payload };
}

function locationOf(
  form: Form,
): { latitude: number; longitude: number; address?: string; label?: string } | undefined {
  const latitude = form.get('Latitude');
  const longitude = form.get('Longitude');
  if (latitude === undefined && longitude === undefined) return undefined;
  const lat = coordinate(latitude, 90);
  const lng = coordinate(longitude, 180);
  if (lat === undefined || lng === undefined) {
    throw new WebhookParseError('Latitude and Longitude must both be decimal coordinates');
  }
  const address = form.get('Address') || undefined;
  const label = form.get('Label') || undefined;
  return { latitude: lat, longitude: lng, ...(address ? { address } : {}), ...(label ? { label } : {}) };
}

function coordinate(text: string | undefined, limit: number): number | undefined {
  if (text === undefined || !/^-?\d{1,3}(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Math.abs(value) <= limit ? value : undefined;
}

/** Each media of the message: `MediaUrl{N}` and `MediaContentType{N}` for N below `NumMedia`. */
function mediaOf(form: Form): { url: string; mimeType: string; kind: string }[] {
  const count = form.get('NumMedia');
  if (count === undefined || count === '0') return [];
  if (!/^\d{1,2}$/.test(count) || Number(count) > MAX_MEDIA) {
    throw new WebhookParseError(`NumMedia must be a number from 0 to ${MAX_MEDIA}`);
  }
  return Array.from({ length: Number(count) }, (_, index) => {
    const url = form.get(`MediaUrl${index}`);
    if (!url || !isHttpUrl(url)) {
      throw new WebhookParseError(`NumMedia is ${count} but MediaUrl${index} is not an http(s) URL`);
    }
    const mimeType = form.get(`MediaContentType${index}`)?.trim().toLowerCase() || 'application/octet-stream';
    if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+(;.*)?$/.test(mimeType)) {
      throw new WebhookParseError(`MediaContentType${index} is not a MIME type`);
    }
    return { url, mimeType, kind: mediaKind(mimeType) };
  });
}

/** The normalised media kind: image, video, audio, contacts (vCard), sticker or document. */
function mediaKind(mimeType: string): string {
  if (mimeType === 'image/webp') return 'sticker';
  if (mimeType === 'text/vcard' || mimeType === 'text/x-vcard') return 'contacts';
  const top = mimeType.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
}

/** A Click-to-WhatsApp ad the customer came from, when there is one. */
function referralOf(form: Form): Record<string, string> | undefined {
  const fields = {
    sourceId: 'ReferralSourceId',
    sourceType: 'ReferralSourceType',
    sourceUrl: 'ReferralSourceUrl',
    headline: 'ReferralHeadline',
    body: 'ReferralBody',
    ctwaClid: 'ReferralCtwaClid',
  };
  const referral = Object.fromEntries(
    Object.entries(fields).flatMap(([key, name]) => {
      const value = form.get(name);
      return value ? [[key, value]] : [];
    }),
  );
  return Object.keys(referral).length > 0 ? referral : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function withoutQuery(url: string): string {
  const at = url.search(/[?#]/);
  return at === -1 ? url : url.slice(0, at);
}

/** The form's first value of each name. */
type Form = Map<string, string>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a form body strictly: invalid UTF-8 or percent-encoding is an error, not a replacement
 * character. NUL characters are dropped (no real message has one, and PostgreSQL text cannot hold them).
 */
export function decodeForm(body: Buffer): Form {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new WebhookParseError('the form body is not UTF-8');
  }
  const form: Form = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = decodeComponent(equals === -1 ? '' : pair.slice(equals + 1));
    if (!form.has(name)) form.set(name, value);
  }
  return form;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' ')).replaceAll('\u0000', '');
  } catch {
    throw new WebhookParseError('the form body has invalid percent-encoding');
  }
}

/** The parameters as signed: every value of every name, read like a browser or web framework would. */
function signedParams(body: Buffer): SignedParams {
  const params: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) (params[name] ??= []).push(value);
  return params;
}
