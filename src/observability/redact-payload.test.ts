import { describe, expect, it } from 'vitest';
import { redactPayload } from './redact-payload.ts';

describe('redactPayload', () => {
  it('hides message text, names and phone numbers in JSON, keeping ids, types and timestamps', () => {
    const body = Buffer.from(
      JSON.stringify({
        entry: [
          {
            changes: [
              {
                value: {
                  contacts: [{ profile: { name: 'Ana Pérez' }, wa_id: '573001234567' }],
                  messages: [
                    {
                      id: 'wamid.1',
                      from: '573001234567',
                      timestamp: '1700000000',
                      type: 'text',
                      text: { body: 'mi cédula es 123' },
                    },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
    const redacted = redactPayload(body, 'application/json');
    expect(redacted).not.toMatch(/Ana|573001234567|cédula/);
    expect(JSON.parse(redacted).entry[0].changes[0].value.messages[0]).toEqual({
      id: 'wamid.1',
      from: '[redacted]',
      timestamp: '1700000000',
      type: 'text',
      text: { body: '[redacted]' },
    });
  });

  it('hides phone numbers wherever they are, but not timestamps', () => {
    const redacted = JSON.parse(
      redactPayload(
        Buffer.from(JSON.stringify({ x: '+57 300 123 4567', y: '5215512345678', t: '1700000000' })),
        'application/json',
      ),
    );
    expect(redacted).toEqual({ x: '[redacted]', y: '[redacted]', t: '1700000000' });
  });

  it('hides the same fields in form bodies, and never stores what it cannot parse', () => {
    const form = redactPayload(
      Buffer.from('MessageSid=SM1&From=whatsapp%3A%2B573001&Body=hola&ProfileName=Ana'),
      'application/x-www-form-urlencoded',
    );
    expect(JSON.parse(form)).toEqual({
      MessageSid: 'SM1',
      From: '[redacted]',
      Body: '[redacted]',
      ProfileName: '[redacted]',
    });
    expect(redactPayload(Buffer.from('{not json'), 'application/json')).toBe(
      '{"unparsed":"9 bytes not shown"}',
    );
    expect(redactPayload(Buffer.alloc(0), 'application/json')).toBe('');
  });
});
