/**
 * Gupshup's Meta-shaped webhook format (version 3): WhatsApp Cloud API's `entry[].changes[].value`, with
 * `gs_app_id` at the top and `gs_id` (Gupshup's message id) on statuses. Every entry, change, message
 * and status of a payload is read. https://partner-docs.gupshup.io/docs/events
 */
import { z } from 'zod';
import type { InboundEvent } from '../../core/messages.ts';
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
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: optionalText,
          value: z.object({
            contacts: z.array(block).optional().catch(undefined),
            messages: z.array(block).optional(),
            statuses: z.array(block).optional(),
          }),
        }),
      ),
    }),
  ),
});

const messageSchema = z.object({
  id: providerId,
  from: address,
  timestamp: z.unknown().optional(),
  type: z.string().max(64),
  context: z.object({ id: optionalText, gs_id: optionalText }).optional().catch(undefined),
});

const statusSchema = z.object({
  id: providerId,
  gs_id: providerId.optional(),
  status: z.string(),
  timestamp: z.unknown().optional(),
  errors: z
    .array(
      z.object({
        code: z.union([z.number(), z.string()]).optional().catch(undefined),
        title: optionalText,
        message: optionalText,
        error_data: z.object({ details: optionalText }).optional().catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
});

const profileSchema = z.object({ wa_id: optionalText, profile: z.object({ name: optionalText }).optional() });

/** Every message and status of a v3 payload, in order. */
export function parseV3(body: Record<string, unknown>, connectionId: string): InboundEvent[] {
  const envelope = read(envelopeSchema, body, 'body');
  const events: InboundEvent[] = [];
  envelope.entry.forEach((entry, entryIndex) =>
    entry.changes.forEach((change, changeIndex) => {
      if (change.field !== undefined && change.field !== 'messages') return;
      const where = `entry.${entryIndex}.changes.${changeIndex}.value`;
      const names = new Map<string, string>();
      for (const contact of change.value.contacts ?? []) {
        const parsed = profileSchema.safeParse(contact);
        if (parsed.success && parsed.data.wa_id && parsed.data.profile?.name)
          names.set(parsed.data.wa_id, parsed.data.profile.name);
      }
      change.value.messages?.forEach((raw, index) => {
        const at = `${where}.messages.${index}`;
        const message = read(messageSchema, raw, at);
        events.push(
          messageEvent(
            connectionId,
            {
              id: message.id,
              from: message.from,
              name: names.get(message.from),
              sentAt: timeOf(message.timestamp),
            },
            contentOf(message.type, raw, at),
            message.context?.gs_id ?? message.context?.id,
          ),
        );
      });
      change.value.statuses?.forEach((raw, index) => {
        const status = read(statusSchema, raw, `${where}.statuses.${index}`);
        if (!isKnownStatus(status.status)) return;
        const error = status.errors?.[0];
        const at = timeOf(status.timestamp);
        events.push({
          type: 'status',
          status: {
            connectionId,
            // Gupshup's id (what the send call returned) when present; WhatsApp's wamid otherwise.
            providerMessageId: status.gs_id ?? status.id,
            status: status.status,
            ...(at ? { at } : {}),
            ...(status.status === 'failed'
              ? {
                  error: {
                    code: String(error?.code ?? 'failed'),
                    message:
                      error?.error_data?.details ??
                      error?.message ??
                      error?.title ??
                      'Gupshup reported the message as failed',
                  },
                }
              : {}),
          },
        });
      });
    }),
  );
  return events;
}

const textSchema = z.object({ text: z.object({ body: z.string() }) });
const mediaBlock = z
  .object({
    id: optionalText,
    url: optionalText,
    mime_type: optionalText,
    caption: optionalText,
    filename: optionalText,
    voice: z.boolean().optional().catch(undefined),
  })
  .refine((file) => Boolean(file.id || file.url), 'a media message needs its id or url');
const locationSchema = z.object({
  location: z.object({
    latitude: coordinate,
    longitude: coordinate,
    name: optionalText,
    address: optionalText,
  }),
});
const contactsSchema = z.object({ contacts: z.array(block).min(1) });
const replySchema = z.object({ id: z.string().max(256), title: z.string() });
const interactiveSchema = z.object({
  interactive: z.object({
    type: z.string(),
    button_reply: replySchema.optional(),
    list_reply: replySchema.extend({ description: optionalText }).optional(),
  }),
});
const buttonSchema = z.object({ button: z.object({ payload: optionalText, text: z.string() }) });
const reactionSchema = z.object({ reaction: z.object({ message_id: providerId, emoji: optionalText }) });

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

function contentOf(type: string, raw: Record<string, unknown>, where: string): MessageContent {
  if (type === 'text') return { kind: 'text', text: read(textSchema, raw, where).text.body, payload: {} };
  const mediaType = MEDIA_TYPES.find((candidate) => candidate === type);
  if (mediaType) {
    const file = read(mediaBlock, raw[mediaType], `${where}.${mediaType}`);
    return media(mediaType === 'audio' && file.voice ? 'voice' : mediaType, {
      mediaId: file.id,
      url: file.url,
      mimeType: file.mime_type,
      caption: file.caption,
      filename: file.filename,
    });
  }
  if (type === 'location') return place(read(locationSchema, raw, where).location);
  if (type === 'contacts') return sharedContacts(read(contactsSchema, raw, where).contacts);
  if (type === 'interactive') {
    const { interactive } = read(interactiveSchema, raw, where);
    const reply: { id: string; title: string; description?: string | undefined } | undefined =
      interactive.type === 'button_reply'
        ? interactive.button_reply
        : interactive.type === 'list_reply'
          ? interactive.list_reply
          : undefined;
    if (!reply) return unsupported(`interactive.${interactive.type}`);
    return interactiveReply(reply.id || undefined, reply.title, interactive.type, reply.description);
  }
  if (type === 'button') {
    const { button } = read(buttonSchema, raw, where);
    return interactiveReply(button.payload || undefined, button.text, 'template_button');
  }
  if (type === 'reaction') {
    const { reaction } = read(reactionSchema, raw, where);
    return {
      kind: 'reaction',
      text: reaction.emoji ?? '',
      payload: { emoji: reaction.emoji ?? '', messageId: reaction.message_id, removed: !reaction.emoji },
    };
  }
  return unsupported(type);
}
