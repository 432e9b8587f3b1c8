import { DeliveryError } from '../../core/delivery.ts';
import type { Channel } from '../channel.ts';
import { createGupshupClient, toGupshupMessage } from './client.ts';
import { downloadGupshupMedia } from './media.ts';
import { gupshupSettings, gupshupSettingsSchema } from './settings.ts';
import { createGupshupWebhook } from './webhook.ts';

export interface GupshupChannelOptions {
  /** Replaces the global `fetch` (tests). */
  fetch?: typeof fetch;
}

/**
 * WhatsApp through Gupshup (docs/channels/gupshup.md): webhooks in both of Gupshup's formats, checked
 * against the connection's secret token, and sending through Gupshup's messaging API. Reply buttons
 * become a `quick_reply` message (at most 3, titles up to 20 characters) and longer option lists a
 * `list` message (up to 10 rows, titles up to 24), as WhatsApp allows.
 */
export function createGupshupChannel(options: GupshupChannelOptions = {}): Channel {
  return {
    kind: 'gupshup',
    capabilities: {
      maxTextLength: 4096,
      buttons: { max: 3, titleMax: 20 },
      list: { maxRows: 10, titleMax: 24, buttonMax: 20 },
      // WhatsApp caps the body of an interactive message at 1024 characters.
      interactiveTextMax: 1024,
    },
    settingsSchema: gupshupSettingsSchema,
    webhook: createGupshupWebhook(),
    downloadMedia: (media) => downloadGupshupMedia(media, options),
    async send(envelope, connection) {
      const settings = gupshupSettings(connection);
      if (!settings.apiKey) {
        throw new DeliveryError(
          `connection "${connection.id}" of tenant "${envelope.tenantId}" has no apiKey: set GUPSHUP_API_KEY (settings.apiKey)`,
          { code: 'not_configured', retryable: false },
        );
      }
      const client = createGupshupClient({
        apiBaseUrl: settings.apiBaseUrl,
        apiKey: settings.apiKey,
        appName: settings.appName,
        source: settings.source,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      const { messageId } = await client.sendMessage(
        envelope.to,
        toGupshupMessage(envelope, String(envelope.id)),
      );
      return messageId ? { providerMessageId: messageId } : {};
    },
  };
}
