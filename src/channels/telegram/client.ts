/**
 * The few Bot API calls Orquesta makes: sendMessage, sendChatAction, answerCallbackQuery, setWebhook and
 * getWebhookInfo. They are written here instead of coming from a library such as grammY: five JSON POSTs do
 * not justify a dependency, and the outbox needs every failure classified in its own terms (retryable or
 * not, Telegram's `retry_after`, `error_code` and `description`), with an injectable fetch and base URL so
 * tests talk to a fake Telegram on loopback.
 */
import { z } from 'zod';
import { DeliveryError } from '../../core/delivery.ts';
import type { Button } from '../../core/messages.ts';
import { parseJsonWith } from '../../core/json.ts';

export interface TelegramClientOptions {
  botToken: string;
  /** `https://api.telegram.org` unless a test points it elsewhere; no trailing slash. */
  apiBaseUrl: string;
  fetch?: typeof fetch;
  /** How long one call may take before it counts as a network error (retryable); 15 s by default. */
  timeoutMs?: number;
}

/** The update types Orquesta reads; `setWebhook` asks Telegram for these only. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** Telegram's answer to every method: `{ ok, result }` or `{ ok: false, error_code, description, parameters }`. */
const apiResponseSchema = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
  parameters: z
    .looseObject({ retry_after: z.number().nonnegative().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

const sentMessageSchema = z.looseObject({
  message_id: z.number().int(),
  chat: z.looseObject({ id: z.number().int() }).optional(),
});

/** What `getWebhookInfo` reports (fields as Telegram names them); printed by `orquesta channels telegram webhook-info`. */
export const webhookInfoSchema = z.looseObject({
  url: z.string(),
  has_custom_certificate: z.boolean().optional(),
  pending_update_count: z.number().optional(),
  ip_address: z.string().optional(),
  last_error_date: z.number().optional(),
  last_error_message: z.string().optional(),
  last_synchronization_error_date: z.number().optional(),
  max_connections: z.number().optional(),
  allowed_updates: z.array(z.string()).optional(),
});

export type WebhookInfo = z.infer<typeof webhookInfoSchema>;

export type TelegramClient = ReturnType<typeof createTelegramClient>;

/**
 * A Bot API client for one bot. Every failure is a `DeliveryError`: 408, 429 (with Telegram's
 * `parameters.retry_after` as `retryAfterMs`), 5xx and network errors are retryable; any other error
 * (403 "bot was blocked by the user", 400 "chat not found") is permanent, with Telegram's `error_code` as
 * its code and its `description` as its message. The token is part of every URL, so URLs never appear in
 * errors.
 */
export function createTelegramClient(options: TelegramClientOptions) {
  const fetchImplementation = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call<T>(
    method: string,
    parameters: Record<string, unknown>,
    result: z.ZodType<T>,
  ): Promise<T> {
    let response: Response;
    let body: string;
    try {
      response = await fetchImplementation(`${options.apiBaseUrl}/bot${options.botToken}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(parameters),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      throw new DeliveryError(
        `could not reach Telegram at ${options.apiBaseUrl} (${method}): ${(error as Error).message.replaceAll(options.botToken, '<bot token>')}`,
        { code: 'network_error', retryable: true, cause: error },
      );
    }

    const answer = parseJsonWith(apiResponseSchema, body);
    if (answer.ok && answer.value.ok && response.ok) {
      const value = result.safeParse(answer.value.result);
      if (value.success) return value.data;
    }
    if (response.ok) {
      // A 2xx that is not a Bot API answer: a proxy in the way, most likely; the message did not go out.
      throw new DeliveryError(`Telegram ${method} answered ${response.status} with an unexpected body`, {
        code: 'invalid_response',
        retryable: true,
      });
    }
    const status = response.status;
    const error = answer.ok ? answer.value : undefined;
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterHeader = Number(response.headers.get('retry-after') ?? Number.NaN);
    const retryAfterSeconds =
      error?.parameters?.retry_after ??
      (Number.isFinite(retryAfterHeader) && retryAfterHeader >= 0 ? retryAfterHeader : undefined);
    const description = error?.description;
    const errorCode = error?.error_code ?? status;
    throw new DeliveryError(description ?? `Telegram ${method} answered HTTP ${status}`, {
      code: String(errorCode),
      retryable,
      ...(retryable && retryAfterSeconds !== undefined ? { retryAfterMs: retryAfterSeconds * 1000 } : {}),
    });
  }

  return {
    call,

    /**
     * Sends a text, with the buttons as an inline keyboard (one button per row, so long titles stay
     * readable); answers with Telegram's `message_id`.
     */
    async sendMessage(chatId: string, text: string, buttons?: Button[]): Promise<{ messageId: number }> {
      const sent = await call(
        'sendMessage',
        {
          chat_id: chatIdParameter(chatId),
          text,
          ...(buttons?.length ? { reply_markup: inlineKeyboard(buttons) } : {}),
        },
        sentMessageSchema,
      );
      return { messageId: sent.message_id };
    },

    async sendChatAction(chatId: string, action: 'typing' = 'typing'): Promise<void> {
      await call('sendChatAction', { chat_id: chatIdParameter(chatId), action }, z.unknown());
    },

    /** Stops the spinner a Telegram client shows on a pressed inline button. */
    async answerCallbackQuery(callbackQueryId: string): Promise<void> {
      await call('answerCallbackQuery', { callback_query_id: callbackQueryId }, z.unknown());
    },

    async setWebhook(parameters: { url: string; secretToken: string }): Promise<void> {
      await call(
        'setWebhook',
        { url: parameters.url, secret_token: parameters.secretToken, allowed_updates: ALLOWED_UPDATES },
        z.unknown(),
      );
    },

    async getWebhookInfo(): Promise<WebhookInfo> {
      return call('getWebhookInfo', {}, webhookInfoSchema);
    },
  };
}

/** `callback_data` is limited to 1–64 bytes (UTF-8); a longer id could not come back, so it is refused. */
export const CALLBACK_DATA_MAX_BYTES = 64;

function inlineKeyboard(buttons: Button[]) {
  for (const button of buttons) {
    const bytes = Buffer.byteLength(button.id, 'utf8');
    if (bytes === 0 || bytes > CALLBACK_DATA_MAX_BYTES) {
      throw new DeliveryError(
        `button id "${button.id.slice(0, 80)}" is ${bytes} bytes; Telegram's callback_data takes 1 to ${CALLBACK_DATA_MAX_BYTES} — give the option a shorter id`,
        { code: 'button_id_too_long', retryable: false },
      );
    }
  }
  return { inline_keyboard: buttons.map((button) => [{ text: button.title, callback_data: button.id }]) };
}

/** Chat ids are integers to Telegram; a contact's address is kept as text, so it goes back as a number. */
function chatIdParameter(chatId: string): number | string {
  const id = Number(chatId);
  return /^-?\d+$/.test(chatId) && Number.isSafeInteger(id) ? id : chatId;
}
