/** Field checks and builders shared by Gupshup's two webhook formats (v2 and the Meta-shaped v3). */
import { z } from 'zod';
import type { DeliveryStatusUpdate, InboundEvent, InboundMessage } from '../../core/messages.ts';
import { WebhookParseError } from '../channel.ts';

/** A provider message id: the deduplication key, so it must be there, as text, and of sane length. */
export const providerId = z.string().min(1).max(256);

/** A customer's address (phone digits as Gupshup sends them, possibly masked in samples). */
export const address = z.string().trim().min(1).max(64);

/** Text a field should hold; anything else is dropped rather than failing the whole payload. */
export const optionalText = z.string().optional().catch(undefined);

/** A latitude or longitude, as a number or numeric text. */
export const coordinate = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .refine((value) => Number.isFinite(value) && Math.abs(value) <= 180, 'not a coordinate');

/** A Gupshup content block: an object whose fields depend on the message type. */
export const block = z.record(z.string(), z.unknown());

/** Parses `value` with `schema`, or fails the whole payload naming `where` (never the value itself). */
export function read<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`)
    .join('; ');
  throw new WebhookParseError(problems);
}

/**
 * A time from a provider timestamp: seconds or milliseconds since the epoch (Gupshup's v3 sends either,
 * as a number or as digits). Implausible values give undefined.
 */
export function timeOf(value: unknown): Date | undefined {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(number) || number <= 0) return undefined;
  const date = new Date(number > 1e12 ? number : number * 1000);
  const year = date.getUTCFullYear();
  return year >= 2000 && year < 2200 ? date : undefined;
}

/** Postgres text cannot hold NUL, and no real payload carries one: such a payload is malformed. */
export function rejectNul(value: unknown, depth = 0): void {
  if (depth > 64) throw new WebhookParseError('the payload is nested too deeply');
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new WebhookParseError('the payload contains a NUL character');
  } else if (Array.isArray(value)) {
    for (const item of value) rejectNul(item, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      rejectNul(key, depth + 1);
      rejectNul(item, depth + 1);
    }
  }
}

/** Statuses the model knows; Gupshup's `enqueued` (accepted, not yet sent) and `deleted` are left out. */
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

export function isKnownStatus(status: string): status is DeliveryStatusUpdate['status'] {
  return STATUSES.has(status);
}

/** The fields of an inbound message that depend on its type. */
export type MessageContent = Pick<InboundMessage, 'kind' | 'text'> & { payload: Record<string, unknown> };

export function messageEvent(
  connectionId: string,
  fields: { id: string; from: string; name: string | undefined; sentAt: Date | undefined },
  content: MessageContent,
  replyTo: string | undefined,
): InboundEvent {
  const name = fields.name?.trim().slice(0, 256);
  return {
    type: 'message',
    message: {
      connectionId,
      providerMessageId: fields.id,
      from: fields.from,
      ...(name ? { name } : {}),
      kind: content.kind,
      text: content.text,
      payload: { ...content.payload, ...(replyTo ? { replyTo } : {}) },
      ...(fields.sentAt ? { sentAt: fields.sentAt } : {}),
    },
  };
}

/** A message type the model does not know: stored as `unsupported`, with the provider's type name. */
export function unsupported(providerType: string): MessageContent {
  return { kind: 'unsupported', text: '', payload: { type: providerType.slice(0, 64), reason: 'unknown' } };
}

/**
 * A tapped reply button or list row: its id (what we sent as `postbackText`, echoed back), the title as
 * the text. Without an id the title is understood like anything the customer types.
 */
export function interactiveReply(
  buttonId: string | undefined,
  title: string,
  interactiveType: string,
  description?: string,
): MessageContent {
  return {
    kind: 'interactive',
    text: title,
    payload: {
      ...(buttonId ? { buttonId } : {}),
      interactiveType,
      ...(description ? { description } : {}),
    },
  };
}

/**
 * A media message: what kind (`voice` for a voice note), where to fetch it (Gupshup's URL, or Meta's media
 * id in v3), its MIME type, caption and file name. The same fields as the WhatsApp Cloud channel's.
 */
export function media(
  mediaKind: 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker',
  fields: {
    mediaId?: string | undefined;
    url?: string | undefined;
    mimeType?: string | undefined;
    caption?: string | undefined;
    filename?: string | undefined;
  },
): MessageContent {
  const described = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return {
    kind: 'media',
    text: fields.caption ?? '',
    payload: {
      mediaKind,
      ...described,
      ...(mediaKind === 'audio' || mediaKind === 'voice' ? { voice: mediaKind === 'voice' } : {}),
    },
  };
}

const cardSchema = z.object({
  name: z
    .object({ formatted_name: optionalText, first_name: optionalText, last_name: optionalText })
    .optional()
    .catch(undefined),
  phones: z
    .array(z.object({ phone: optionalText, wa_id: optionalText, type: optionalText }).catch({}))
    .optional()
    .catch(undefined),
});

/** Shared contact cards (the same in both formats: WhatsApp's), as names and phone numbers. */
export function sharedContacts(cards: unknown[]): MessageContent {
  const contacts = cards.map((card) => {
    const parsed = cardSchema.catch({}).parse(card);
    return {
      name:
        parsed.name?.formatted_name ??
        [parsed.name?.first_name, parsed.name?.last_name].filter((part) => part).join(' '),
      phones: (parsed.phones ?? []).map((phone) => ({
        ...(phone.phone !== undefined ? { phone: phone.phone } : {}),
        ...(phone.wa_id !== undefined ? { waId: phone.wa_id } : {}),
        ...(phone.type !== undefined ? { type: phone.type } : {}),
      })),
    };
  });
  return {
    kind: 'contacts',
    text: contacts
      .map((contact) => contact.name)
      .filter((name) => name)
      .join(', '),
    payload: { contacts },
  };
}

/** A place: the name and address as text, the coordinates beside them. */
export function place(location: {
  latitude: number;
  longitude: number;
  name?: string | undefined;
  address?: string | undefined;
}): MessageContent {
  const { latitude, longitude, name, address } = location;
  return {
    kind: 'location',
    text: [name, address].filter((part) => part).join(', '),
    payload: {
      latitude,
      longitude,
      ...(name !== undefined ? { name } : {}),
      ...(address !== undefined ? { address } : {}),
    },
  };
}
