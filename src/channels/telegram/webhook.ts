/**
 * Telegram webhooks: the secret token check and the reading of an Update into inbound events.
 *
 * Decisions, also in docs/channels/telegram.md:
 * - The customer's address is the chat id (as text); for a private chat it is the user's id.
 * - The deduplication key is the `update_id`. A `callback_query` update's key is `<update_id>:<query id>`:
 *   the typing hook is given only the message's provider id, and it answers the query from it.
 * - An edited message arrives as an update of its own, with its own `update_id`: it is stored as a new
 *   message (`payload.edited: true`) and answered like one — people edit to correct what they asked.
 * - An update whose envelope is unreadable (not JSON, no `update_id`, a message without a chat, a callback
 *   without a sender) is malformed: 400. Content Orquesta cannot read inside a readable envelope becomes an
 *   `unsupported` message. An update of a type Orquesta does not read is acknowledged, and stored as
 *   `unsupported` only when it names a chat to answer in.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseJsonWith } from '../../core/json.ts';
import type { InboundEvent, InboundMessage } from '../../core/messages.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { WebhookParseError, type ChannelWebhook, type RawRequest, type VerifyResult } from '../channel.ts';
import { missingSecret, settingsOf } from './settings.ts';

export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

export function createTelegramWebhook(): ChannelWebhook {
  return { verify: verifyTelegramRequest, parse: parseTelegramRequest };
}

/**
 * Compares `X-Telegram-Bot-Api-Secret-Token` with the connection's `webhookSecret` in constant time (both
 * are hashed first, so not even their lengths are compared in the open). Telegram signs nothing else.
 */
export function verifyTelegramRequest(request: RawRequest, connection: ConnectionConfig): VerifyResult {
  const { webhookSecret } = settingsOf(connection);
  if (!webhookSecret) {
    return { ok: false, reason: 'not_configured', message: missingSecret(connection, 'webhookSecret') };
  }
  const given = request.headers[SECRET_TOKEN_HEADER];
  if (given === undefined) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: `the request has no ${SECRET_TOKEN_HEADER} header — point the bot at Orquesta with \`orquesta channels telegram set-webhook\``,
    };
  }
  if (!timingSafeEqual(digest(given), digest(webhookSecret))) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: `the ${SECRET_TOKEN_HEADER} header does not match the connection's webhookSecret — run \`orquesta channels telegram set-webhook\` again after changing it`,
    };
  }
  return { ok: true };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function parseTelegramRequest(request: RawRequest, connection: ConnectionConfig): InboundEvent[] {
  const update = parseJsonWith(updateSchema, request.body.toString('utf8'));
  if (!update.ok) throw new WebhookParseError(`not a Telegram update: ${update.error}`);
  const message = readUpdate(update.value, connection.id);
  return message ? [{ type: 'message', message }] : [];
}

/** Fields only shown or kept (names, captions, sizes): a wrong type drops them instead of the update. */
const optionalText = z.string().optional().catch(undefined);
const optionalNumber = z.number().optional().catch(undefined);

const userSchema = z.looseObject({
  id: z.int(),
  first_name: optionalText,
  last_name: optionalText,
});
const chatSchema = z.looseObject({ id: z.int() });

const updateSchema = z.looseObject({ update_id: z.int().nonnegative() });
type Update = z.infer<typeof updateSchema>;

/** What every message has: who, where and when. Its content is read separately, tolerantly. */
const messageEnvelopeSchema = z.looseObject({
  message_id: z.int(),
  chat: chatSchema,
  from: userSchema.optional().catch(undefined),
  date: optionalNumber,
  edit_date: optionalNumber,
});

const callbackQuerySchema = z.looseObject({
  id: z.string().transform(clean).pipe(z.string().min(1)),
  from: userSchema,
  message: z
    .looseObject({
      message_id: z.int().optional().catch(undefined),
      chat: chatSchema.optional().catch(undefined),
      reply_markup: z.unknown(),
    })
    .optional()
    .catch(undefined),
  data: optionalText,
  game_short_name: optionalText,
});

const fileSchema = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: optionalText,
  mime_type: optionalText,
  file_name: optionalText,
  file_size: optionalNumber,
  width: optionalNumber,
  height: optionalNumber,
});
type TelegramFile = z.infer<typeof fileSchema>;

const locationSchema = z.looseObject({ latitude: z.number(), longitude: z.number() });
const contactSchema = z.looseObject({
  phone_number: z.string(),
  first_name: optionalText,
  last_name: optionalText,
  user_id: optionalNumber,
});

/** The message content types read as media, in the order they are looked for (an animation also has a document). */
const MEDIA_FIELDS = [
  ['photo', 'image'],
  ['voice', 'audio'],
  ['audio', 'audio'],
  ['video', 'video'],
  ['video_note', 'video'],
  ['animation', 'video'],
  ['document', 'document'],
  ['sticker', 'sticker'],
] as const;

type Content = Pick<InboundMessage, 'kind' | 'text'> & { payload: Record<string, unknown> };

function readUpdate(update: Update, connectionId: string): InboundMessage | undefined {
  const id = String(update.update_id);
  if ('message' in update || 'edited_message' in update) {
    const edited = !('message' in update);
    const field = edited ? 'edited_message' : 'message';
    const envelope = messageEnvelopeSchema.safeParse(update[field]);
    if (!envelope.success) throw new WebhookParseError(`${field}: ${z.prettifyError(envelope.error)}`);
    const content = contentOf(update[field] as Record<string, unknown>);
    const seconds = edited ? (envelope.data.edit_date ?? envelope.data.date) : envelope.data.date;
    return message(connectionId, id, envelope.data.chat.id, envelope.data.from, seconds, {
      ...content,
      payload: {
        ...content.payload,
        messageId: envelope.data.message_id,
        ...(edited ? { edited: true } : {}),
        ...replyTo(update[field]),
      },
    });
  }

  if ('callback_query' in update) {
    const query = callbackQuerySchema.safeParse(update.callback_query);
    if (!query.success) throw new WebhookParseError(`callback_query: ${z.prettifyError(query.error)}`);
    const { id: queryId, from, message: origin, data } = query.data;
    // A button on a message sent in inline mode carries no chat: the user's private chat has their id.
    const chatId = origin?.chat?.id ?? from.id;
    const common = {
      callbackQueryId: queryId,
      ...(origin?.message_id !== undefined ? { messageId: origin.message_id } : {}),
    };
    const content: Content =
      data === undefined || data === ''
        ? { kind: 'unsupported', text: '', payload: { type: 'callback_query', ...common } }
        : {
            kind: 'interactive',
            text: buttonTitle(origin?.reply_markup, data) ?? data,
            payload: { buttonId: clean(data), ...common },
          };
    return message(connectionId, `${id}:${queryId}`, chatId, from, undefined, content);
  }

  // An update type Orquesta does not read: kept only when it says which chat it happened in.
  for (const [type, value] of Object.entries(update)) {
    if (type === 'update_id' || value === null || typeof value !== 'object') continue;
    const chat = chatSchema.safeParse((value as { chat?: unknown }).chat);
    if (!chat.success) continue;
    const from = userSchema.safeParse((value as { from?: unknown }).from);
    return message(connectionId, id, chat.data.id, from.success ? from.data : undefined, undefined, {
      kind: 'unsupported',
      text: '',
      payload: { type: clean(type).slice(0, 64), reason: 'unknown' },
    });
  }
  return undefined;
}

function message(
  connectionId: string,
  providerMessageId: string,
  chatId: number,
  from: z.infer<typeof userSchema> | undefined,
  sentAtSeconds: number | undefined,
  content: Content,
): InboundMessage {
  const name = clean([from?.first_name, from?.last_name].filter((part) => part).join(' ')).trim();
  const sentAt =
    sentAtSeconds !== undefined && sentAtSeconds > 0 && sentAtSeconds < 1e11
      ? new Date(sentAtSeconds * 1000)
      : undefined;
  return {
    connectionId,
    providerMessageId,
    from: String(chatId),
    // Chat ids are digits, but no phone numbers: without this the inbox would take them for phones.
    phone: null,
    ...(name ? { name } : {}),
    kind: content.kind,
    text: clean(content.text),
    payload: content.payload,
    ...(sentAt ? { sentAt } : {}),
  };
}

/** What the message holds: text, media (the largest photo size), a location or a contact; else `unsupported`. */
function contentOf(body: Record<string, unknown>): Content {
  const caption = optionalText.parse(body.caption);
  if ('text' in body) {
    return typeof body.text === 'string'
      ? { kind: 'text', text: body.text, payload: {} }
      : unsupported('text', 'malformed');
  }
  for (const [field, mediaKind] of MEDIA_FIELDS) {
    if (!(field in body)) continue;
    const file =
      field === 'photo'
        ? largest(z.array(fileSchema).safeParse(body.photo).data)
        : fileSchema.safeParse(body[field]).data;
    if (!file) return unsupported(field, 'malformed');
    return {
      kind: 'media',
      text: caption ?? '',
      payload: {
        mediaKind,
        mediaId: file.file_id,
        ...(file.file_unique_id !== undefined ? { mediaUniqueId: file.file_unique_id } : {}),
        ...(file.mime_type !== undefined ? { mimeType: file.mime_type } : {}),
        ...(caption !== undefined ? { caption: clean(caption) } : {}),
        ...(mediaKind === 'audio' ? { voice: field === 'voice' } : {}),
        ...(file.file_name !== undefined ? { filename: clean(file.file_name) } : {}),
        ...(file.file_size !== undefined ? { size: file.file_size } : {}),
      },
    };
  }
  if ('location' in body) {
    const location = locationSchema.safeParse(body.location);
    return location.success
      ? {
          kind: 'location',
          text: '',
          payload: { latitude: location.data.latitude, longitude: location.data.longitude },
        }
      : unsupported('location', 'malformed');
  }
  if ('contact' in body) {
    const contact = contactSchema.safeParse(body.contact);
    if (!contact.success) return unsupported('contact', 'malformed');
    const name = [contact.data.first_name, contact.data.last_name].filter((part) => part).join(' ');
    return {
      kind: 'contacts',
      text: clean(name),
      payload: { contacts: [{ name: clean(name), phones: [{ phone: clean(contact.data.phone_number) }] }] },
    };
  }
  const type = Object.keys(body).find((key) => !ENVELOPE_FIELDS.has(key)) ?? 'empty';
  return unsupported(type, 'unknown');
}

const ENVELOPE_FIELDS = new Set([
  'message_id',
  'message_thread_id',
  'from',
  'sender_chat',
  'chat',
  'date',
  'edit_date',
  'caption',
  'entities',
  'caption_entities',
  'reply_to_message',
  'forward_origin',
  'forward_from',
  'forward_date',
  'via_bot',
  'author_signature',
  'has_protected_content',
  'is_topic_message',
  'is_automatic_forward',
  'link_preview_options',
  'reply_markup',
]);

function unsupported(type: string, reason: 'malformed' | 'unknown'): Content {
  return { kind: 'unsupported', text: '', payload: { type: clean(type).slice(0, 64), reason } };
}

/** The largest size Telegram offers of a photo (sizes come smallest first, but that is not promised). */
function largest(sizes: TelegramFile[] | undefined): TelegramFile | undefined {
  const area = (size: TelegramFile) => (size.width ?? 0) * (size.height ?? 0);
  return sizes?.reduce<TelegramFile | undefined>(
    (best, size) =>
      !best ||
      area(size) > area(best) ||
      (area(size) === area(best) && (size.file_size ?? 0) > (best.file_size ?? 0))
        ? size
        : best,
    undefined,
  );
}

/** The title of the pressed button, looked up by its data in the keyboard of the message it was on. */
function buttonTitle(replyMarkup: unknown, data: string): string | undefined {
  const rows = (replyMarkup as { inline_keyboard?: unknown } | null | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return undefined;
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    for (const button of row) {
      const { text, callback_data: callbackData } = (button ?? {}) as {
        text?: unknown;
        callback_data?: unknown;
      };
      if (callbackData === data && typeof text === 'string' && text !== '') return text;
    }
  }
  return undefined;
}

function replyTo(body: unknown): Record<string, unknown> {
  const quoted = (body as { reply_to_message?: { message_id?: unknown } }).reply_to_message;
  return typeof quoted?.message_id === 'number' && Number.isSafeInteger(quoted.message_id)
    ? { replyTo: quoted.message_id }
    : {};
}

/** PostgreSQL text cannot hold NUL characters; Telegram never sends them, a forged payload might. */
function clean(value: string): string {
  return value.replaceAll('\u0000', '');
}
