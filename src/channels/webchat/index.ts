/**
 * The web chat channel: the widget on the business's own site (`/widget.js`) talks to Orquesta over a
 * WebSocket (`src/server/routes/webchat.ts`, protocol in `visitor-session.ts`). There is no provider: a
 * reply is already in the `messages` table when the outbox sends it, so sending only marks it sent, and the
 * visitor's socket reads it from there.
 */
import type { Channel } from '../channel.ts';
import { webchatSettingsSchema } from './settings.ts';
import { createTypingHub, type TypingHub } from './typing-hub.ts';

export interface WebchatChannel extends Channel {
  kind: 'webchat';
  /** Where `showTyping` is told to the visitor's sockets. */
  typing: TypingHub;
}

/**
 * Text up to 4096 characters; up to 4 options as buttons (titles up to 40 characters), up to 30 as a list
 * (titles up to 72), both drawn natively by the widget. `showTyping` tells the visitor's open sockets in
 * this process; on other processes the visitor sees the reply without the indicator.
 */
export function createWebchatChannel(): WebchatChannel {
  const typing = createTypingHub();
  return {
    kind: 'webchat',
    capabilities: {
      maxTextLength: 4096,
      buttons: { max: 4, titleMax: 40 },
      list: { maxRows: 30, titleMax: 72, buttonMax: 40 },
    },
    settingsSchema: webchatSettingsSchema,
    typing,
    async send(envelope) {
      return { providerMessageId: `webchat-${envelope.id}` };
    },
    async showTyping(target, connection) {
      typing.notify(connection, target.to);
    },
  };
}

export function isWebchatChannel(channel: Channel): channel is WebchatChannel {
  return channel.kind === 'webchat' && 'typing' in channel;
}
