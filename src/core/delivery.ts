/** What the outbox hands a channel, and how a channel reports back. */
import type { OutboundContent } from './messages.ts';

export interface OutboundEnvelope extends OutboundContent {
  /** The outbound message's row id; stable across retries, usable as an idempotency key. */
  id: number;
  tenantId: string;
  connectionId: string;
  conversationId: string;
  /** The customer's address on the channel. */
  to: string;
  /** When the customer last wrote in this conversation: channels with a service window (WhatsApp's 24 h) need it. */
  lastInboundAt: Date | null;
  traceId: string;
  turnId: string | null;
}

/** What a channel can show; replies are adapted to it before they are queued. */
export interface ChannelCapabilities {
  /** Longer text is split into several messages at this many characters. */
  maxTextLength: number;
  /** Native reply buttons, when the channel has them. */
  buttons?: { max: number; titleMax: number };
  /** Native lists, when the channel has them. */
  list?: { maxRows: number; titleMax: number; buttonMax: number };
  /** A shorter limit for the text of a message that carries buttons or a list (WhatsApp: 1024). */
  interactiveTextMax?: number;
}

export interface SendResult {
  providerMessageId?: string;
}

/**
 * A failed send. `retryable` is true for 408/429/5xx and network errors; `retryAfterMs` carries the
 * provider's `Retry-After` when it gave one.
 */
export class DeliveryError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { code: string; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.code = options.code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Sends one message through the channel of its connection. */
export type DeliverMessage = (envelope: OutboundEnvelope) => Promise<SendResult>;
