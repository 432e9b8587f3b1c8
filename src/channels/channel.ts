/**
 * What every channel implements (one folder each under src/channels/: `index.ts` (the channel),
 * `webhook.ts` (verify + parse), `client.ts` (send), `__fixtures__/`, tests beside them).
 */
import type { z } from 'zod';
import type { ChannelCapabilities, OutboundEnvelope, SendResult } from '../core/delivery.ts';

export type { ChannelCapabilities };
import type { DownloadedMedia, MediaRef } from '../core/media.ts';
import type { InboundEvent } from '../core/messages.ts';
import type { ChannelKind, ConnectionConfig } from '../tenancy/config-schema.ts';

/** A webhook request as it arrived: the raw body bytes (signatures are computed over them) and its headers. */
export interface RawRequest {
  method: 'GET' | 'POST';
  /** The URL the provider called, as seen from outside (ORQUESTA_PUBLIC_URL, or the trusted proxy's). */
  publicUrl: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: Buffer;
}

export type VerifyResult =
  | { ok: true }
  /** `not_configured`: the connection lacks its secret, so it accepts no webhooks at all. */
  | { ok: false; reason: 'not_configured' | 'bad_signature'; message: string };

export interface WebhookAnswer {
  status: number;
  contentType?: string;
  body: string;
}

/** A provider payload that cannot be parsed: answered 400 and stored nowhere. */
export class WebhookParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookParseError';
  }
}

export interface ChannelWebhook {
  /** Checks the request's signature or token over the raw bytes, in constant time. */
  verify(request: RawRequest, connection: ConnectionConfig): VerifyResult;
  /** Every event in the payload (never only the first); unknown message types become `unsupported`. */
  parse(request: RawRequest, connection: ConnectionConfig): InboundEvent[];
  /** The provider's subscription check (`GET`), for channels that have one. */
  handshake?(request: RawRequest, connection: ConnectionConfig): WebhookAnswer;
  /** What to answer once the events are stored; `200 ok` when absent. */
  acknowledge?(): WebhookAnswer;
  /**
   * The provider's id for the account a payload belongs to (WhatsApp's phone number id), when one webhook
   * URL may receive several accounts' events; the route hands each event to the connection it names.
   */
  accountOf?(event: InboundEvent): string | undefined;
}

export interface Channel {
  kind: ChannelKind;
  capabilities: ChannelCapabilities;
  /** Validates a connection's `settings`; problems are reported with the configuration's other problems. */
  settingsSchema?: z.ZodType;
  /** The account id of a connection (its `settings`), matched against `webhook.accountOf`. */
  accountId?(connection: ConnectionConfig): string | undefined;
  webhook?: ChannelWebhook;
  send(envelope: OutboundEnvelope, connection: ConnectionConfig): Promise<SendResult>;
  /**
   * Shows the customer that the bot is on it (WhatsApp: mark as read with the typing indicator; Telegram:
   * the typing chat action). Called when a turn starts; failures are logged and otherwise ignored.
   */
  showTyping?(target: TypingTarget, connection: ConnectionConfig): Promise<void>;
  /**
   * Downloads a customer's media file (`mediaRefsOf` a `media` message's payload) with the connection's
   * credentials, so the turn can transcribe or describe it. Throws when it cannot (see `MediaDownloadError`).
   */
  downloadMedia?(media: MediaRef, connection: ConnectionConfig): Promise<DownloadedMedia>;
}

export interface TypingTarget {
  /** The customer's address on the channel. */
  to: string;
  /** The provider id of the message being answered. */
  providerMessageId: string;
}
