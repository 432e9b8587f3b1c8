import { describe, expect, it } from 'vitest';
import { extractEmails } from './email.ts';

describe('email', () => {
  it('finds addresses without the punctuation around them', () => {
    const text = 'mi correo es Ana.Pérez+citas@clínica-sol.com.co, gracias.';
    const [email] = extractEmails(text);
    expect(email && text.slice(email.start, email.end)).toBe('Ana.Pérez+citas@clínica-sol.com.co');
    expect(email?.value).toBe('Ana.Pérez+citas@clínica-sol.com.co');
  });

  it('needs a domain with a top-level part', () => {
    expect(extractEmails('escribe a juan@localhost o a @juan')).toEqual([]);
  });
});
