import type { Channel } from '../channel.ts';
import { sendTwilioMessage } from './client.ts';
import { downloadTwilioMedia } from './media.ts';
import { twilioSettingsSchema } from './settings.ts';
import { createTwilioWebhook, type VerifiedUrls } from './webhook.ts';

export interface TwilioChannelOptions {
  /** Replaces the global `fetch` (tests). */
  fetch?: typeof globalThis.fetch;
  /**
   * The public base URL of this server, for the `StatusCallback` of sent messages (the channel has no
   * request at hand when it sends). Default: ORQUESTA_PUBLIC_URL, read when the channel is created. A
   * connection's `settings.publicUrl` wins over it.
   */
  publicUrl?: string;
  /** The clock WhatsApp's 24-hour window is measured against. Default: the system clock. */
  now?: () => Date;
  /** How long one API call may take (default 15 s). */
  timeoutMs?: number;
}

/**
 * WhatsApp through Twilio. Webhooks are form posts signed with `X-Twilio-Signature` and answered with
 * empty TwiML; replies go through the Messages API. Twilio's WhatsApp messages carry up to 1600
 * characters and, without content templates, no native buttons or lists, so options become a numbered
 * menu whose numbers are understood on the way back in.
 */
export function createTwilioChannel(options: TwilioChannelOptions = {}): Channel {
  const verifiedUrls: VerifiedUrls = new WeakMap();
  const client = {
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    timeoutMs: options.timeoutMs ?? 15_000,
    publicUrl: options.publicUrl ?? process.env.ORQUESTA_PUBLIC_URL,
    verifiedUrls,
  };
  return {
    kind: 'twilio',
    capabilities: { maxTextLength: 1600 },
    settingsSchema: twilioSettingsSchema,
    webhook: createTwilioWebhook(verifiedUrls),
    send: (envelope, connection) => sendTwilioMessage(envelope, connection, client),
    downloadMedia: (media, connection) => downloadTwilioMedia(media, connection, client),
  };
}
