import { describe, expect, it } from 'vitest';
import { pickPath } from './map-response.ts';

describe('pickPath', () => {
  const answer = {
    ticket: { id: 'TK-10001', priority: 2, urgent: true, technician: null, tags: ['fibra'] },
    items: [{ name: 'módem' }],
  };

  it('picks a value by its dotted path, indexing lists by number', () => {
    expect(pickPath(answer, 'ticket.id')).toEqual({ ok: true, value: 'TK-10001' });
    expect(pickPath(answer, 'ticket.priority')).toEqual({ ok: true, value: 2 });
    expect(pickPath(answer, 'items.0.name')).toEqual({ ok: true, value: 'módem' });
  });

  it('writes null as nothing and true/false as words', () => {
    expect(pickPath(answer, 'ticket.technician')).toEqual({ ok: true, value: '' });
    expect(pickPath(answer, 'ticket.urgent')).toEqual({ ok: true, value: 'true' });
  });

  it('says what is wrong with a missing field or one that is not a single value', () => {
    expect(pickPath(answer, 'ticket.eta')).toEqual({ ok: false, problem: 'has no field "ticket.eta"' });
    expect(pickPath(answer, 'items.1.name')).toEqual({ ok: false, problem: 'has no field "items.1.name"' });
    expect(pickPath(answer, 'ticket.id.x')).toEqual({ ok: false, problem: 'has no field "ticket.id.x"' });
    expect(pickPath(answer, 'ticket.tags')).toEqual({
      ok: false,
      problem: 'field "ticket.tags" holds a list, not a single value',
    });
    expect(pickPath(answer, 'ticket')).toEqual({
      ok: false,
      problem: 'field "ticket" holds a mapping, not a single value',
    });
  });
});
