/**
 * Twilio's request signature (`X-Twilio-Signature`): base64(HMAC-SHA1(auth token, URL + every POST
 * parameter sorted by name, each written name + value)). Twilio's own libraries accept the URL with and
 * without its port, and with the query string as WHATWG `URL` writes it or as Node's legacy `querystring`
 * does ("signature generation on the back end is inconsistent", twilio-node `webhooks.ts`); so do we,
 * which is what makes every official test vector pass. Orquesta does not depend on the twilio SDK: this
 * and one REST call are all it needs, and the SDK would bring a large dependency tree for them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
// The legacy parser is what twilio-node uses for its fourth URL variant; WHATWG URLSearchParams escapes
// differently (it writes `'` as %27 and spaces as +), so it cannot stand in for it.
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';

/** POST parameters by name; a name sent several times has several values. */
export type SignedParams = Record<string, string | readonly string[]>;

/** The signature Twilio sends for a request to exactly `url` with `params`. */
export function twilioSignature(authToken: string, url: string, params: SignedParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    // Repeated names: each distinct value once, in sorted order (as Twilio's libraries do).
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Whether `signature` is Twilio's for a request to `url` with `params`. Every comparison is constant
 * time. A URL carrying `bodySHA256` (Twilio's JSON webhooks) is signed with no parameters, and the body's
 * SHA-256 must then match that query parameter; give `body` for those.
 */
export function isValidTwilioSignature(input: {
  authToken: string;
  signature: string | undefined;
  url: string;
  params: SignedParams;
  body?: Buffer | string;
}): boolean {
  const { authToken, signature } = input;
  if (!signature) return false;
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return false;
  }
  const bodyHash = url.searchParams.get('bodySHA256');
  const params = bodyHash === null ? input.params : {};
  const candidates = new Set([withoutPort(url), withPort(url)]);
  for (const candidate of [...candidates]) candidates.add(withLegacyQuery(candidate));

  let matched = false;
  // No early exit: the work done does not depend on which variant (if any) matched.
  for (const candidate of candidates) {
    if (equalInConstantTime(signature, twilioSignature(authToken, candidate, params))) matched = true;
  }
  if (bodyHash !== null) matched = bodyHashMatches(input.body ?? '', bodyHash) && matched;
  return matched;
}

/** Whether `expectedHex` is the hex SHA-256 of the body (Twilio's `bodySHA256`), in constant time. */
export function bodyHashMatches(body: Buffer | string, expectedHex: string): boolean {
  const actual = createHash('sha256').update(body).digest('hex');
  return equalInConstantTime(expectedHex, actual);
}

function equalInConstantTime(given: string, expected: string): boolean {
  const left = Buffer.from(given, 'utf8');
  const right = Buffer.from(expected, 'utf8');
  // The length of a signature is public (28 base64 characters); only its content must not leak.
  return left.length === right.length && timingSafeEqual(left, right);
}

function withoutPort(url: URL): string {
  const copy = new URL(url);
  copy.port = '';
  return copy.toString();
}

/** The URL with its port written out, the scheme's default one when it has none (":443", ":80"). */
function withPort(url: URL): string {
  if (url.port) return url.toString();
  const port = url.protocol === 'https:' ? ':443' : ':80';
  const credentials = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${credentials}${url.host}${port}${url.pathname}${url.search}${url.hash}`;
}

function withLegacyQuery(text: string): string {
  const url = new URL(text);
  if (!url.search) return text;
  const query = parseQuery(url.search.slice(1));
  // Keep the explicit port that `withPort` wrote: WHATWG would drop a default one again.
  const base = text.slice(0, text.indexOf('?'));
  return `${base}?${stringifyQuery(query)}`;
}
