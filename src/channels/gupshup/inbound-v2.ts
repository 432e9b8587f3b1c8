/**
 * Gupshup's own webhook format (version 2): one event per request, `type` `message`, `message-event`
 * (a delivery status) or `user-event` (opt-in, opt-out, sandbox-start). https://docs.gupshup.io/docs/types-of-payload
 */
import { z } from 'zod';
import type { InboundEvent } from '../../core/messages.ts';
import { WebhookParseError } from '../channel.ts';
import {
  address,
  block,
  coordinate,
  interactiveReply,
  isKnownStatus,
  media,
  place,
  messageEvent,
  optionalText,
  providerId,
  read,
  sharedContacts,
  timeOf,
  unsupported,
  type MessageContent,
} from './inbound-fields.ts';

const envelopeSchema = z.object({
  type: z.string(),
  timestamp: z.unknown().optional(),
  payload: block,
});

const messageSchema = z.object({
  id: providerId,
  source: address.optional().catch(undefined),
  type: z.string().max(64),
  payload: block.optional().catch(undefined),
  sender: z
    .object({ phone: address.optional().catch(undefined), name: optionalText })
    .optional()
    .catch(undefined),
  context: z.object({ id: optionalText, gsId: optionalText }).optional().catch(undefined),
});

const messageEventSchema = z.object({
  id: providerId,
  /** The Gupshup message id on DLR events (sent, delivered, read); `id` is then WhatsApp's. */
  gsId: providerId.optional(),
  type: z.string(),
  payload: block.optional().catch(undefined),
});

const userEventSchema = z.object({ phone: address, type: z.string() });

/** Every event of one v2 payload (a v2 payload carries exactly one). */
export function parseV2(body: Record<string, unknown>, connectionId: string): InboundEvent[] {
  const envelope = read(envelopeSchema, body, 'body');
  const receivedAt = timeOf(envelope.timestamp);
  switch (envelope.type) {
    case 'message':
      return [parseMessage(envelope.payload, connectionId, receivedAt)];
    case 'message-event':
      return parseStatus(envelope.payload, connectionId, receivedAt);
    case 'user-event':
      return parseUserEvent(envelope.payload, connectionId, receivedAt);
    default:
      // account-, template-, billing- and system events say nothing about a conversation.
      return [];
  }
}

function parseMessage(value: unknown, connectionId: string, receivedAt: Date | undefined): InboundEvent {
  const message = read(messageSchema, value, 'payload');
  const from = message.sender?.phone ?? message.source;
  if (!from) throw new WebhookParseError('payload.sender.phone: the message names no sender');
  const content = contentOf(message.type, message.payload ?? {});
  const replyTo = message.context?.gsId ?? message.context?.id;
  return messageEvent(
    connectionId,
    { id: message.id, from, name: message.sender?.name, sentAt: receivedAt },
    content,
    replyTo,
  );
}

const textSchema = z.object({ text: z.string() });
const mediaSchema = z.object({
  url: z.string().min(1),
  contentType: optionalText,
  caption: optionalText,
  name: optionalText,
});
const locationSchema = z.object({
  latitude: coordinate,
  longitude: coordinate,
  name: optionalText,
  address: optionalText,
});
const contactsSchema = z.object({ contacts: z.array(block).min(1) });
/** Session quick replies and list rows carry `title` (+ our `postbackText`); template buttons `text`. */
const replySchema = z
  .object({
    title: optionalText,
    text: optionalText,
    postbackText: optionalText,
    description: optionalText,
  })
  .refine((reply) => Boolean(reply.title || reply.text), 'a reply needs its title or text');

const MEDIA_KINDS = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  voice: 'voice',
  file: 'document',
  sticker: 'sticker',
} as const;

function contentOf(type: string, payload: Record<string, unknown>): MessageContent {
  const where = 'payload.payload';
  if (type === 'text') return { kind: 'text', text: read(textSchema, payload, where).text, payload: {} };
  if (Object.hasOwn(MEDIA_KINDS, type)) {
    const file = read(mediaSchema, payload, where);
    return media(MEDIA_KINDS[type as keyof typeof MEDIA_KINDS], {
      url: file.url,
      mimeType: file.contentType,
      caption: file.caption,
      filename: file.name,
    });
  }
  if (type === 'location') return place(read(locationSchema, payload, where));
  if (type === 'contact') return sharedContacts(read(contactsSchema, payload, where).contacts);
  if (type === 'button_reply' || type === 'quick_reply' || type === 'list_reply') {
    const reply = read(replySchema, payload, where);
    return interactiveReply(
      reply.postbackText || undefined,
      (reply.title || reply.text)!,
      type,
      reply.description,
    );
  }
  return unsupported(type);
}

const failureSchema = z.object({
  code: z.union([z.number(), z.string()]).optional().catch(undefined),
  reason: optionalText,
  ts: z.unknown().optional(),
});

/**
 * A delivery report. The message it is about is named by `gsId` when present (sent, delivered, read:
 * `id` is then WhatsApp's id) and by `id` otherwise (enqueued, failed: `id` is Gupshup's) — Gupshup's id
 * is what the send call returned and what the outbound message stores.
 */
function parseStatus(value: unknown, connectionId: string, receivedAt: Date | undefined): InboundEvent[] {
  const event = read(messageEventSchema, value, 'payload');
  if (!isKnownStatus(event.type)) return [];
  const details = failureSchema.safeParse(event.payload ?? {});
  const at = (details.success ? timeOf(details.data.ts) : undefined) ?? receivedAt;
  return [
    {
      type: 'status',
      status: {
        connectionId,
        providerMessageId: event.gsId ?? event.id,
        status: event.type,
        ...(at ? { at } : {}),
        ...(event.type === 'failed'
          ? {
              error: {
                code: String((details.success && details.data.code) || 'failed'),
                message: (details.success && details.data.reason) || 'Gupshup reported the message as failed',
              },
            }
          : {}),
      },
    },
  ];
}

/**
 * Opt-ins and opt-outs are recorded on the contact. `sandbox-start` (someone joined the app's sandbox)
 * is acknowledged and ignored: it is not consent, and it must not undo an opt-out.
 */
function parseUserEvent(value: unknown, connectionId: string, receivedAt: Date | undefined): InboundEvent[] {
  const event = read(userEventSchema, value, 'payload');
  if (event.type !== 'opted-in' && event.type !== 'opted-out') return [];
  return [
    {
      type: 'contact',
      contact: {
        connectionId,
        from: event.phone,
        event: event.type,
        ...(receivedAt ? { at: receivedAt } : {}),
      },
    },
  ];
}
