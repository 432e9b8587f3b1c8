/**
 * The Telegram channel: a bot created with BotFather, its updates posted to
 * `/webhooks/{tenant}/{connection}` with the secret token, its replies sent through the Bot API.
 */
import { DeliveryError } from '../../core/delivery.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import type { Channel } from '../channel.ts';
import { createTelegramClient, type TelegramClient } from './client.ts';
import { downloadTelegramMedia } from './media.ts';
import { missingSecret, settingsOf, telegramSettingsSchema } from './settings.ts';
import { createTelegramWebhook } from './webhook.ts';

export interface TelegramChannelOptions {
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
}

/**
 * Text up to 4096 characters; options as an inline keyboard (one button a row, at most 10, titles up to
 * 64 characters so they stay readable on a phone); no native lists, so longer menus become numbered text.
 *
 * Sending answers with `<chat id>:<message id>` as the provider message id, because Telegram numbers
 * messages per chat. Telegram reports no delivery statuses: a message ends at `sent`.
 *
 * `showTyping`, called when a turn starts, sends the typing chat action and, when the message being
 * answered is a pressed inline button, answers its callback query so the client stops the button's
 * spinner. That is a provider call, so it happens in the turn, never inside the webhook request.
 */
export function createTelegramChannel(options: TelegramChannelOptions = {}): Channel {
  const clients = new WeakMap<ConnectionConfig, TelegramClient>();
  const clientOf = (connection: ConnectionConfig): TelegramClient => {
    let client = clients.get(connection);
    if (!client) {
      const settings = settingsOf(connection);
      if (!settings.botToken) {
        throw new DeliveryError(missingSecret(connection, 'botToken'), {
          code: 'not_configured',
          retryable: false,
        });
      }
      client = createTelegramClient({
        botToken: settings.botToken,
        apiBaseUrl: settings.apiBaseUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      clients.set(connection, client);
    }
    return client;
  };

  return {
    kind: 'telegram',
    capabilities: { maxTextLength: 4096, buttons: { max: 10, titleMax: 64 } },
    settingsSchema: telegramSettingsSchema,
    webhook: createTelegramWebhook(),
    downloadMedia: (media, connection) => downloadTelegramMedia(media, connection, options),

    async send(envelope, connection) {
      const buttons = envelope.buttons ?? envelope.list?.rows;
      const { messageId } = await clientOf(connection).sendMessage(envelope.to, envelope.text, buttons);
      return { providerMessageId: `${envelope.to}:${messageId}` };
    },

    async showTyping(target, connection) {
      const client = clientOf(connection);
      const separator = target.providerMessageId.indexOf(':');
      const callbackQueryId = separator > 0 ? target.providerMessageId.slice(separator + 1) : undefined;
      const calls = [
        ...(callbackQueryId ? [client.answerCallbackQuery(callbackQueryId)] : []),
        client.sendChatAction(target.to, 'typing'),
      ];
      const failed = (await Promise.allSettled(calls)).find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
