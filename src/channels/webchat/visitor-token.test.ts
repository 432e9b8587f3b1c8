import { describe, expect, it } from 'vitest';
import { connectionOfToken, createVisitor, verifyVisitorToken } from './visitor-token.ts';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const NOW = new Date('2026-11-23T14:00:00.000Z');

describe('visitor tokens', () => {
  it('names the visitor and connection it was signed for', () => {
    const visitor = createVisitor('clinica', 'web', SECRET, NOW);
    expect(visitor.visitorId).toMatch(/^vis_[0-9a-z]{20}$/);
    expect(connectionOfToken(visitor.token)).toBe('web');
    expect(verifyVisitorToken(visitor.token, 'clinica', SECRET)).toEqual({
      connectionId: 'web',
      visitorId: visitor.visitorId,
    });
  });

  it('refuses a token with a changed part, another tenant, another secret or a broken shape', () => {
    const { token, visitorId } = createVisitor('clinica', 'web', SECRET, NOW);
    const [connection, , signature] = token.split('.') as [string, string, string];
    const other = createVisitor('clinica', 'web', SECRET, NOW).visitorId;
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');

    expect(verifyVisitorToken(`${connection}.${other}.${signature}`, 'clinica', SECRET)).toBeUndefined();
    expect(verifyVisitorToken(`web2.${visitorId}.${signature}`, 'clinica', SECRET)).toBeUndefined();
    expect(verifyVisitorToken(`${connection}.${visitorId}.${flipped}`, 'clinica', SECRET)).toBeUndefined();
    expect(verifyVisitorToken(token, 'autos', SECRET)).toBeUndefined();
    expect(verifyVisitorToken(token, 'clinica', `${SECRET}-rotated`)).toBeUndefined();
    for (const malformed of ['', 'web', `${token}.x`, token.slice(0, -1), token.toUpperCase()])
      expect(verifyVisitorToken(malformed, 'clinica', SECRET)).toBeUndefined();
  });
});
