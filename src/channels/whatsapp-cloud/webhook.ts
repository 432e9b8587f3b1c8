/** Meta's webhook for the WhatsApp Cloud API: the subscription check, the signature, and the payload. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseJsonWith } from '../../core/json.ts';
import type { DeliveryStatusUpdate, InboundEvent } from '../../core/messages.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { WebhookParseError, type ChannelWebhook, type RawRequest, type WebhookAnswer } from '../channel.ts';
import { clean, normaliseMessage, type MessageContext } from './inbound-message.ts';
import { missingSecret, settingsOf } from './settings.ts';

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed with the app secret,
 * in constant time. Meta computes it over the payload with non-ASCII characters escaped as `\uXXXX`
 * (lowercase hex), which is what it sends; a body whose characters were unescaped on the way (by a proxy,
 * or in a library's test vector) is accepted when its escaped form matches.
 */
export function verifySignature(body: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = header ? /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim()) : null;
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const matches = (bytes: Buffer) =>
    timingSafeEqual(createHmac('sha256', appSecret).update(bytes).digest(), given);
  if (matches(body)) return true;
  const text = body.toString('utf8');
  return /[\u0080-\uffff]/.test(text) && matches(Buffer.from(escapeNonAscii(text), 'utf8'));
}

function escapeNonAscii(text: string): string {
  // Without the `u` flag the pattern sees UTF-16 code units, so characters beyond the BMP become the
  // surrogate pair `\ud83d\ude2e`, as JSON encoders write them.
  return text.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Compares two secrets in constant time, whatever their lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const text = (status: number, body: string): WebhookAnswer => ({ status, contentType: 'text/plain', body });

/**
 * The subscription check Meta makes when the webhook URL is saved: `GET ?hub.mode=subscribe&
 * hub.verify_token=…&hub.challenge=…`, answered with the challenge when the token is the connection's.
 */
export function handshake(request: RawRequest, connection: ConnectionConfig): WebhookAnswer {
  const { verifyToken } = settingsOf(connection);
  if (!verifyToken) return text(403, missingSecret(connection, 'verifyToken'));
  const mode = request.query['hub.mode'];
  const token = request.query['hub.verify_token'];
  const challenge = request.query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') {
    return text(
      403,
      'not a WhatsApp subscription check: expected hub.mode=subscribe, hub.verify_token and hub.challenge',
    );
  }
  if (!sameSecret(token, verifyToken)) {
    return text(
      403,
      `hub.verify_token is not the verifyToken of connection "${connection.id}": type the value of WHATSAPP_VERIFY_TOKEN in the Meta app's webhook settings`,
    );
  }
  return text(200, challenge);
}

const envelopeSchema = z.object({
  object: z.literal('whatsapp_business_account', {
    error: 'not a WhatsApp Business Account webhook (object must be "whatsapp_business_account")',
  }),
  entry: z.array(
    z.object({
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

/** An id as stored: without NUL characters (PostgreSQL refuses them) and never blank. */
const nonEmpty = z
  .string()
  .transform(clean)
  .refine((value) => value.trim() !== '', 'empty');

const contactSchema = z
  .object({
    wa_id: z.string().optional().catch(undefined),
    user_id: z.string().optional().catch(undefined),
    profile: z.object({ name: z.string().optional() }).optional().catch(undefined),
  })
  .nullable()
  .catch(null);

const errorSchema = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional().catch(undefined),
});

/** What a message must have to be stored: its wamid (the dedup key) and its sender. */
const messageSchema = z
  .looseObject({
    id: nonEmpty,
    from: nonEmpty.optional(),
    /** The business-scoped user id, the only sender id of a user who hides the number behind a username. */
    from_user_id: nonEmpty.optional(),
    timestamp: z.union([z.string(), z.number()]).optional().catch(undefined),
    type: z.string().optional(),
  })
  .refine((message) => message.from !== undefined || message.from_user_id !== undefined, {
    message: 'a message has no "from"',
  });

const statusSchema = z.object({
  id: nonEmpty,
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional().catch(undefined),
  errors: z.array(errorSchema).optional().catch(undefined),
});

const valueSchema = z.object({
  metadata: z.object({ phone_number_id: nonEmpty }),
  contacts: z.array(contactSchema).optional().catch(undefined),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
});

const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed']);

/** The phone number id each parsed event arrived for (`accountOf`), without widening the event type. */
const accounts = new WeakMap<InboundEvent, string>();

/**
 * Every message and status of every change of every entry, in payload order. Changes of other fields
 * (template status updates, account updates) carry no events. A body that is not JSON or not shaped like
 * a WhatsApp webhook, or a message without id or sender, is refused as a whole (400): Meta sends none.
 */
export function parse(request: RawRequest, connection: ConnectionConfig): InboundEvent[] {
  const envelope = parseJsonWith(envelopeSchema, request.body.toString('utf8'));
  if (!envelope.ok) throw new WebhookParseError(envelope.error);
  const events: InboundEvent[] = [];
  envelope.value.entry.forEach((entry, entryIndex) => {
    entry.changes.forEach((change, changeIndex) => {
      if (change.field !== 'messages') return;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) {
        throw new WebhookParseError(
          `entry[${entryIndex}].changes[${changeIndex}].value: ${z.prettifyError(value.error)}`,
        );
      }
      const account = value.data.metadata.phone_number_id;
      const contacts = (value.data.contacts ?? []).filter((contact) => contact !== null);
      for (const message of value.data.messages ?? []) {
        const context: MessageContext = {
          connectionId: connection.id,
          from: message.from ?? message.from_user_id ?? '',
          name: nameOf(contacts, message.from, message.from_user_id),
          sentAt: dateOf(message.timestamp),
        };
        remember(events, { type: 'message', message: normaliseMessage(message, context) }, account);
      }
      for (const status of value.data.statuses ?? []) {
        if (!STATUSES.has(status.status)) continue;
        const update: DeliveryStatusUpdate = {
          connectionId: connection.id,
          providerMessageId: status.id,
          status: status.status as DeliveryStatusUpdate['status'],
        };
        const at = dateOf(status.timestamp);
        if (at) update.at = at;
        const error = status.status === 'failed' ? errorOf(status.errors?.[0]) : undefined;
        if (error) update.error = error;
        remember(events, { type: 'status', status: update }, account);
      }
    });
  });
  return events;
}

function remember(events: InboundEvent[], event: InboundEvent, account: string): void {
  accounts.set(event, account);
  events.push(event);
}

/** The sender's profile name: the contact whose id is the sender's, or the only contact. */
function nameOf(
  contacts: NonNullable<z.output<typeof contactSchema>>[],
  from: string | undefined,
  userId: string | undefined,
): string | undefined {
  const contact =
    contacts.find(
      (candidate) =>
        (from !== undefined && candidate.wa_id === from) ||
        (userId !== undefined && candidate.user_id === userId),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const name = contact?.profile?.name?.trim();
  return name ? clean(name) : undefined;
}

/** A Unix time in seconds, as Meta writes it ("1697043223"); undefined when it is not one. */
export function dateOf(timestamp: string | number | undefined): Date | undefined {
  const seconds =
    typeof timestamp === 'string' && /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : timestamp;
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds <= 0) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The provider's error, as `{ code, message }` with the code as a string ("131047"). */
function errorOf(error: z.output<typeof errorSchema> | undefined): DeliveryStatusUpdate['error'] {
  if (!error) return { code: 'failed', message: 'WhatsApp reported the message as failed without a reason' };
  const summary = error.message ?? error.title ?? 'failed';
  const details = error.error_data?.details;
  return {
    code: error.code === undefined ? 'failed' : clean(String(error.code)),
    message: clean(details && details !== summary ? `${summary}: ${details}` : summary),
  };
}

export const whatsAppCloudWebhook: ChannelWebhook = {
  verify(request, connection) {
    const { appSecret } = settingsOf(connection);
    if (!appSecret)
      return { ok: false, reason: 'not_configured', message: missingSecret(connection, 'appSecret') };
    const header = request.headers['x-hub-signature-256'];
    if (!header) {
      return { ok: false, reason: 'bad_signature', message: 'the X-Hub-Signature-256 header is missing' };
    }
    if (!verifySignature(request.body, header, appSecret)) {
      return {
        ok: false,
        reason: 'bad_signature',
        message: `the X-Hub-Signature-256 signature does not match the body: check that connection "${connection.id}" has the app secret of the Meta app that sends the webhooks (WHATSAPP_APP_SECRET)`,
      };
    }
    return { ok: true };
  },
  parse,
  handshake,
  accountOf: (event) => accounts.get(event),
};
