import { randomBytes } from 'node:crypto';

/**
 * A sortable, prefixed id such as `conv_01kx3c9j8m2q7vtr4n6e5w0zab`: a millisecond timestamp followed by
 * random bits, in Crockford base32. The prefix says what the id names, which helps when reading logs.
 */
export function createId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${encodeTime(now.getTime())}${encodeRandom(10)}`;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  let value = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

function encodeRandom(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}
