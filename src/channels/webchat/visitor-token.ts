/**
 * Visitor tokens: `<connection>.<visitor id>.<signature>`, where the signature is an HMAC-SHA256 of the
 * tenant, connection and visitor id with the connection's `secret`. Nothing is stored: a token is valid
 * for as long as the secret stays the same, and changing the secret signs every visitor out.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createId } from '../../core/ids.ts';

export interface VisitorIdentity {
  connectionId: string;
  visitorId: string;
}

const TOKEN_PATTERN = /^([a-z0-9][a-z0-9_-]{0,99})\.(vis_[0-9a-z]{20})\.([A-Za-z0-9_-]{43})$/;

/** A new anonymous visitor of a connection, with the token the widget keeps in local storage. */
export function createVisitor(
  tenantId: string,
  connectionId: string,
  secret: string,
  now: Date,
): VisitorIdentity & { token: string } {
  const visitorId = createId('vis', now);
  return {
    connectionId,
    visitorId,
    token: `${connectionId}.${visitorId}.${sign(secret, tenantId, connectionId, visitorId)}`,
  };
}

/** The connection a token claims to belong to, before its signature is checked; undefined when malformed. */
export function connectionOfToken(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
}

/**
 * The visitor a token names, when it was signed with `secret` for this tenant; undefined for a malformed,
 * forged or foreign token. The signatures are compared in constant time.
 */
export function verifyVisitorToken(
  token: string,
  tenantId: string,
  secret: string,
): VisitorIdentity | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const [, connectionId, visitorId, signature] = match as unknown as [string, string, string, string];
  // Compared as text: decoding first would accept other spellings of the same bytes (base64url's last
  // character carries unused bits), so a changed token could still pass.
  const expected = Buffer.from(sign(secret, tenantId, connectionId, visitorId));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { connectionId, visitorId };
}

function sign(secret: string, tenantId: string, connectionId: string, visitorId: string): string {
  return createHmac('sha256', secret)
    .update(`orquesta-webchat-visitor\n${tenantId}\n${connectionId}\n${visitorId}`)
    .digest('base64url');
}
