import type { Channel } from '../channel.ts';

/**
 * The channel of `orquesta chat`: a conversation in a terminal. The terminal prints each turn's replies
 * when the turn commits, so sending only records them as sent.
 */
export function createConsoleChannel(): Channel {
  return {
    kind: 'console',
    capabilities: { maxTextLength: 65_536, buttons: { max: 100, titleMax: 1000 } },
    async send(envelope) {
      return { providerMessageId: `console-${envelope.id}` };
    },
  };
}
