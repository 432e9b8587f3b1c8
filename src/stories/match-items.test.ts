import { describe, expect, it } from 'vitest';
import { checkItems, matchesPartially } from './match-items.ts';
import { missingPatterns, presentPatterns } from './text-patterns.ts';

describe('reply patterns', () => {
  it('match substrings whatever the case, accents and spacing', () => {
    const reply = '¡Hola! Tu cita es el Miércoles 25 de noviembre,\n10:00 a. m.';
    expect(missingPatterns(reply, ['miercoles 25', 'HOLA', '10:00 a. m.', 'cita es'])).toEqual([]);
    expect(missingPatterns(reply, ['jueves', 'hola'])).toEqual(['jueves']);
    expect(presentPatterns(reply, ['MIÉRCOLES', 'martes'])).toEqual(['MIÉRCOLES']);
  });
});

describe('API items against expect:', () => {
  const items = [
    { id: 'a1', serviceId: 'masaje', status: 'cancelled', slot: { day: 'lunes' } },
    { id: 'a2', serviceId: 'masaje', status: 'pending', slot: { day: 'martes' } },
  ];

  it('match the fields written, recursively, ignoring the others', () => {
    expect(matchesPartially(items[1], { status: 'pending', slot: { day: 'martes' } })).toBe(true);
    expect(matchesPartially(items[1], { status: 'pending', slot: { day: 'lunes' } })).toBe(false);
    expect(matchesPartially(items[1], { missing: null })).toBe(false);
  });

  it('pair each expected item with a different actual one, trying every pairing', () => {
    expect(checkItems(items, [{ serviceId: 'masaje' }, { status: 'cancelled' }])).toBeNull();
    expect(checkItems(items, [{ status: 'pending' }, { status: 'pending' }])).toBe(
      'expected items matching [{"status":"pending"},{"status":"pending"}]',
    );
    expect(checkItems([], [])).toBeNull();
  });

  it('check a count, with or without items', () => {
    expect(checkItems(items, { count: 2 })).toBeNull();
    expect(checkItems(items, { count: 1, items: [{ status: 'pending' }] })).toBe('expected 1 item(s), got 2');
    expect(checkItems(items, { count: 2, items: [{ status: 'confirmed' }] })).toBe(
      'expected items matching [{"status":"confirmed"}]',
    );
  });
});
