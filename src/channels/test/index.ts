import type { Channel } from '../channel.ts';

/**
 * The channel of the test endpoint (`POST /api/v1/tenants/{tenant}/test/messages`). There is no provider:
 * the endpoint answers with the turn's replies, and sending only records them as sent.
 */
export function createTestChannel(): Channel {
  return {
    kind: 'test',
    capabilities: { maxTextLength: 65_536, buttons: { max: 100, titleMax: 1000 } },
    async send(envelope) {
      return { providerMessageId: `test-${envelope.id}` };
    },
  };
}
