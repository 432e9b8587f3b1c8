import type { Channel, ChannelCapabilities } from '../channel.ts';
import { createWhatsAppCloudClient, type WhatsAppCloudClientOptions } from './client.ts';
import { downloadWhatsAppMedia } from './media.ts';
import { INTERACTIVE_BODY_MAX } from './outbound-message.ts';
import { settingsOf, whatsAppCloudSettingsSchema } from './settings.ts';
import { whatsAppCloudWebhook } from './webhook.ts';

export { downloadMedia, type DownloadedMedia } from './client.ts';

/**
 * What WhatsApp shows: text up to 4096 characters, up to 3 reply buttons with titles up to 20 characters,
 * lists of up to 10 rows with titles up to 24 and an opening button up to 20; the text of a message with
 * buttons or a list holds 1024 characters.
 */
export const WHATSAPP_CAPABILITIES: ChannelCapabilities = {
  maxTextLength: 4096,
  buttons: { max: 3, titleMax: 20 },
  list: { maxRows: 10, titleMax: 24, buttonMax: 20 },
  interactiveTextMax: INTERACTIVE_BODY_MAX,
};

/**
 * The WhatsApp Cloud API (Meta) channel. Webhooks arrive at `/webhooks/{tenant}/{connection}` signed with
 * the app secret and are routed by `metadata.phone_number_id`, so one Meta app may serve several numbers
 * (connections) through one URL. Sends go to `{apiBaseUrl}/{apiVersion}/{phoneNumberId}/messages`.
 */
export function createWhatsAppCloudChannel(options: WhatsAppCloudClientOptions = {}): Channel {
  const client = createWhatsAppCloudClient(options);
  return {
    kind: 'whatsapp-cloud',
    capabilities: WHATSAPP_CAPABILITIES,
    settingsSchema: whatsAppCloudSettingsSchema,
    accountId: (connection) => settingsOf(connection).phoneNumberId,
    webhook: whatsAppCloudWebhook,
    send: client.send,
    showTyping: client.markAsRead,
    downloadMedia: (media, connection) => downloadWhatsAppMedia(media, connection, options),
  };
}
