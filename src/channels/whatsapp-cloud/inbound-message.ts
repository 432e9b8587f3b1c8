/** One WhatsApp Cloud API message object, normalised into an `InboundMessage`. */
import { z } from 'zod';
import type { InboundMessage } from '../../core/messages.ts';

/** What the webhook knows about a message besides the message object itself. */
export interface MessageContext {
  connectionId: string;
  /** The sender's wa_id (or business-scoped user id), already checked to be non-empty. */
  from: string;
  name: string | undefined;
  sentAt: Date | undefined;
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];

const optionalText = z.string().optional().catch(undefined);

const mediaSchema = z.object({
  id: z.string().min(1),
  mime_type: z.string().min(1),
  caption: optionalText,
  filename: optionalText,
  url: optionalText,
  voice: z.boolean().optional().catch(undefined),
  animated: z.boolean().optional().catch(undefined),
});

const BODIES = {
  text: z.object({ body: z.string() }),
  location: z.object({
    latitude: z.number(),
    longitude: z.number(),
    name: optionalText,
    address: optionalText,
    url: optionalText,
  }),
  contacts: z.array(
    z.object({
      name: z
        .object({ formatted_name: optionalText, first_name: optionalText, last_name: optionalText })
        .optional()
        .catch(undefined),
      phones: z
        .array(z.object({ phone: optionalText, wa_id: optionalText, type: optionalText }))
        .optional()
        .catch(undefined),
    }),
  ),
  interactive: z.union([
    z.object({
      type: z.literal('button_reply'),
      button_reply: z.object({ id: z.string().min(1), title: z.string() }),
    }),
    z.object({
      type: z.literal('list_reply'),
      list_reply: z.object({ id: z.string().min(1), title: z.string(), description: optionalText }),
    }),
  ]),
  button: z.object({ payload: z.string().min(1), text: z.string() }),
  reaction: z.object({ message_id: z.string().min(1), emoji: optionalText }),
};

const contextSchema = z
  .object({ id: optionalText, forwarded: z.boolean().optional().catch(undefined) })
  .optional()
  .catch(undefined);
const referralSchema = z.record(z.string(), z.unknown()).optional().catch(undefined);

type Content = Pick<InboundMessage, 'kind' | 'text'> & { payload: Record<string, unknown> };

/**
 * The normalised message: text, media (`payload.mediaKind`, `mediaId`, `mimeType`, `caption`, `voice`,
 * `url`), location, contacts, interactive replies (`payload.buttonId`, the title as text), reactions.
 * A reply's quoted message id (`payload.replyTo`), forwarding and Click-to-WhatsApp ad referrals
 * (`payload.referral`) are kept beside any kind. A type Orquesta does not know, or a known type whose body
 * is malformed, becomes `unsupported` with `payload.type`.
 */
export function normaliseMessage(
  message: { id: string; type?: string | undefined } & Record<string, unknown>,
  context: MessageContext,
): InboundMessage {
  const content = contentOf(message);
  const quoted = contextSchema.parse(message.context);
  const referral = referralSchema.parse(message.referral);
  const payload: Record<string, unknown> = {
    ...content.payload,
    ...(quoted?.id ? { replyTo: clean(quoted.id) } : {}),
    ...(quoted?.forwarded ? { forwarded: true } : {}),
    ...(referral ? { referral } : {}),
  };
  return {
    connectionId: context.connectionId,
    providerMessageId: message.id,
    from: context.from,
    ...(context.name ? { name: context.name } : {}),
    kind: content.kind,
    text: clean(content.text),
    payload,
    ...(context.sentAt ? { sentAt: context.sentAt } : {}),
  };
}

function contentOf(message: { type?: string | undefined } & Record<string, unknown>): Content {
  const type = message.type ?? 'missing';
  const body = message[type];
  if (isMediaType(type)) {
    const media = mediaSchema.safeParse(body);
    if (!media.success) return unsupported(type, 'malformed');
    const { id, mime_type: mimeType, caption, filename, url, voice } = media.data;
    const isVoice = type === 'audio' && voice === true;
    return {
      kind: 'media',
      text: caption ?? '',
      payload: {
        mediaKind: isVoice ? 'voice' : type,
        mediaId: id,
        mimeType,
        ...(caption !== undefined ? { caption } : {}),
        ...(type === 'audio' ? { voice: isVoice } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(filename !== undefined ? { filename } : {}),
        ...(type === 'sticker' && media.data.animated !== undefined ? { animated: media.data.animated } : {}),
      },
    };
  }
  switch (type) {
    case 'text': {
      const text = BODIES.text.safeParse(body);
      return text.success
        ? { kind: 'text', text: text.data.body, payload: {} }
        : unsupported(type, 'malformed');
    }
    case 'location': {
      const location = BODIES.location.safeParse(body);
      if (!location.success) return unsupported(type, 'malformed');
      const { latitude, longitude, name, address, url } = location.data;
      return {
        kind: 'location',
        text: [name, address].filter((part) => part).join(', '),
        payload: {
          latitude,
          longitude,
          ...(name !== undefined ? { name } : {}),
          ...(address !== undefined ? { address } : {}),
          ...(url !== undefined ? { url } : {}),
        },
      };
    }
    case 'contacts': {
      const cards = BODIES.contacts.safeParse(body);
      if (!cards.success) return unsupported(type, 'malformed');
      const contacts = cards.data.map((card) => ({
        name:
          card.name?.formatted_name ??
          [card.name?.first_name, card.name?.last_name].filter((part) => part).join(' '),
        phones: (card.phones ?? []).map((phone) => ({
          ...(phone.phone !== undefined ? { phone: phone.phone } : {}),
          ...(phone.wa_id !== undefined ? { waId: phone.wa_id } : {}),
          ...(phone.type !== undefined ? { type: phone.type } : {}),
        })),
      }));
      return {
        kind: 'contacts',
        text: contacts
          .map((contact) => contact.name)
          .filter((name) => name)
          .join(', '),
        payload: { contacts },
      };
    }
    case 'interactive': {
      const reply = BODIES.interactive.safeParse(body);
      if (!reply.success) return unsupported(describe(type, body), 'unknown or malformed');
      const chosen = reply.data.type === 'button_reply' ? reply.data.button_reply : reply.data.list_reply;
      return {
        kind: 'interactive',
        text: chosen.title,
        payload: {
          buttonId: clean(chosen.id),
          interactiveType: reply.data.type,
          ...('description' in chosen && chosen.description !== undefined
            ? { description: chosen.description }
            : {}),
        },
      };
    }
    case 'button': {
      const button = BODIES.button.safeParse(body);
      return button.success
        ? {
            kind: 'interactive',
            text: button.data.text,
            payload: { buttonId: clean(button.data.payload), interactiveType: 'template_button' },
          }
        : unsupported(type, 'malformed');
    }
    case 'reaction': {
      const reaction = BODIES.reaction.safeParse(body);
      if (!reaction.success) return unsupported(type, 'malformed');
      const emoji = reaction.data.emoji ?? '';
      return {
        kind: 'reaction',
        text: emoji,
        payload: { emoji, messageId: clean(reaction.data.message_id), removed: emoji === '' },
      };
    }
    default:
      return unsupported(type, 'unsupported', message.errors);
  }
}

function isMediaType(type: string): type is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

/** `interactive.nfm_reply` for an interactive message of a kind Orquesta does not read. */
function describe(type: string, body: unknown): string {
  const inner = (body as { type?: unknown } | null)?.type;
  return typeof inner === 'string' ? `${type}.${clean(inner).slice(0, 40)}` : type;
}

const unsupportedErrorsSchema = z
  .array(z.object({ code: z.union([z.number(), z.string()]).optional(), title: optionalText }))
  .optional()
  .catch(undefined);

function unsupported(type: string, reason: string, errors?: unknown): Content {
  const error = unsupportedErrorsSchema.parse(errors)?.[0];
  return {
    kind: 'unsupported',
    text: '',
    payload: {
      type: clean(type).slice(0, 64),
      reason,
      ...(error?.code !== undefined ? { error: { code: String(error.code), title: error.title ?? '' } } : {}),
    },
  };
}

/** Text as stored: without NUL characters, which PostgreSQL text columns refuse. */
export function clean(value: string): string {
  return value.replaceAll('\u0000', '');
}
