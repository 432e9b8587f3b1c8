/**
 * Gupshup's webhooks: the secret token check (Gupshup signs nothing) and the reading of both payload
 * formats, v2 (Gupshup's own) and v3 (Meta-shaped).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseJsonWith } from '../../core/json.ts';
import type { InboundEvent } from '../../core/messages.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { WebhookParseError, type ChannelWebhook, type RawRequest, type VerifyResult } from '../channel.ts';
import { rejectNul } from './inbound-fields.ts';
import { parseV2 } from './inbound-v2.ts';
import { parseV3 } from './inbound-v3.ts';
import { gupshupSettings } from './settings.ts';

/** The query parameter of the callback URL that carries the connection's webhook token. */
export const TOKEN_QUERY_PARAMETER = 'token';
/** The header that may carry it instead (set through Gupshup's subscription `meta` headers). */
export const TOKEN_HEADER = 'x-orquesta-token';

export function createGupshupWebhook(): ChannelWebhook {
  return {
    verify: verifyToken,
    parse: parseGupshupPayload,
    // Gupshup asks for a 2xx with an empty body.
    acknowledge: () => ({ status: 200, contentType: 'text/plain', body: '' }),
  };
}

/**
 * Accepts a request that carries the connection's `webhookToken`, in the `x-orquesta-token` header or
 * the `token` query parameter (the header wins when both are present), compared in constant time.
 */
export function verifyToken(request: RawRequest, connection: ConnectionConfig): VerifyResult {
  const expected = gupshupSettings(connection).webhookToken;
  if (!expected) {
    return {
      ok: false,
      reason: 'not_configured',
      message: `connection "${connection.id}" has no webhookToken, so it accepts no webhooks — set GUPSHUP_WEBHOOK_TOKEN (settings.webhookToken) and add ?token=<that value> to the callback URL in Gupshup's console`,
    };
  }
  const header = request.headers[TOKEN_HEADER];
  const query = request.query[TOKEN_QUERY_PARAMETER];
  const presented = header || (typeof query === 'string' ? query : undefined);
  if (!presented) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: `the webhook carries no token — add ?token=<GUPSHUP_WEBHOOK_TOKEN> to the callback URL of connection "${connection.id}" in Gupshup's console`,
    };
  }
  if (!sameSecret(presented, expected)) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: `the webhook token does not match connection "${connection.id}" — compare ?token= in Gupshup's callback URL with GUPSHUP_WEBHOOK_TOKEN`,
    };
  }
  return { ok: true };
}

/** Compares two secrets in time that depends on neither (digests make the lengths equal). */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

const bodySchema = z.record(z.string(), z.unknown());

/**
 * Every event of a Gupshup payload, in either format. An empty body (a reachability check) holds no
 * events; a body that is not a JSON object of either format is a `WebhookParseError`.
 */
export function parseGupshupPayload(request: RawRequest, connection: ConnectionConfig): InboundEvent[] {
  const text = request.body.toString('utf8');
  if (text.trim() === '') return [];
  const parsed = parseJsonWith(bodySchema, text);
  // The parser's own message may quote the body, which holds personal data: say only what is wrong.
  if (!parsed.ok) {
    throw new WebhookParseError(
      parsed.error.startsWith('not valid JSON')
        ? 'the body is not valid JSON'
        : 'the body is not a JSON object',
    );
  }
  rejectNul(parsed.value);
  if (Array.isArray(parsed.value.entry)) return parseV3(parsed.value, connection.id);
  if (typeof parsed.value.type === 'string') return parseV2(parsed.value, connection.id);
  throw new WebhookParseError('neither a v2 payload (type, payload) nor a v3 payload (entry[])');
}
