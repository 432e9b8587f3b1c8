import { describe, expect, it } from 'vitest';
import {
  placeholdersInJson,
  placeholdersOf,
  renderHeader,
  renderJson,
  renderText,
  renderUrl,
  TemplateValueError,
} from './render-template.ts';

describe('placeholders', () => {
  it('finds the dotted paths a text uses, spaces inside the braces allowed', () => {
    expect(placeholdersOf('/a/{{slots.kind}}?p={{ contact.phone }}&x={single}')).toEqual([
      'slots.kind',
      'contact.phone',
    ]);
  });

  it('finds them in the values of a JSON template, not in its keys', () => {
    expect(
      placeholdersInJson({ '{{slots.key}}': 1, a: ['{{slots.a}}', { b: 'x {{slots.b}}' }], c: true }),
    ).toEqual(['slots.a', 'slots.b']);
  });
});

describe('renderText', () => {
  it('writes absent and null values as nothing', () => {
    expect(renderText('[{{a}}][{{b}}][{{c}}]', { a: 'x', b: null })).toBe('[x][][]');
  });
});

describe('renderUrl', () => {
  it('URI-encodes every value so it cannot add a path segment, a query parameter or a fragment', () => {
    const url = renderUrl('https://api.test/tickets/{{slots.id}}?q={{slots.q}}', {
      'slots.id': 'a/b?c#d',
      'slots.q': 'sin señal & lento=sí',
    });
    expect(url).toBe('https://api.test/tickets/a%2Fb%3Fc%23d?q=sin%20se%C3%B1al%20%26%20lento%3Ds%C3%AD');
    expect(new URL(url).pathname).toBe('/tickets/a%2Fb%3Fc%23d');
  });

  it('refuses "." and "..", which a URL resolves even when encoded', () => {
    for (const value of ['.', '..']) {
      expect(() => renderUrl('https://api.test/tickets/{{slots.id}}', { 'slots.id': value })).toThrow(
        TemplateValueError,
      );
    }
    expect(renderUrl('https://api.test/t/{{slots.id}}', { 'slots.id': '...' })).toBe(
      'https://api.test/t/...',
    );
  });
});

describe('renderHeader', () => {
  it('refuses a value with a line break, which could forge another header', () => {
    expect(() => renderHeader('Bearer {{slots.token}}', { 'slots.token': 'x\r\nX-Admin: 1' })).toThrow(
      /cannot contain line breaks/,
    );
    expect(renderHeader('Cliente {{contact.name}}', { 'contact.name': 'Ana' })).toBe('Cliente Ana');
  });
});

describe('renderJson', () => {
  const values = {
    'slots.count': 3,
    'slots.urgent': false,
    'slots.text': 'se cayó "todo", {"admin": true}',
    'contact.name': null,
  };

  it('gives a whole placeholder its value with its type, and interpolates one inside text', () => {
    expect(
      renderJson(
        {
          count: '{{slots.count}}',
          urgent: '{{ slots.urgent }}',
          text: '{{slots.text}}',
          summary: 'x{{slots.count}} — {{slots.text}}',
          fixed: 7,
          nested: { list: ['{{slots.count}}', 'literal', null] },
        },
        values,
      ),
    ).toEqual({
      count: 3,
      urgent: false,
      text: 'se cayó "todo", {"admin": true}',
      summary: 'x3 — se cayó "todo", {"admin": true}',
      fixed: 7,
      nested: { list: [3, 'literal', null] },
    });
  });

  it('leaves out a key whose value is absent, keeps a null as null, and holds a list’s place with null', () => {
    expect(
      renderJson({ missing: '{{slots.none}}', name: '{{contact.name}}', list: ['{{slots.none}}'] }, values),
    ).toEqual({
      name: null,
      list: [null],
    });
  });

  it('builds values, so a customer’s quotes and braces stay inside their string', () => {
    const body = JSON.stringify(renderJson({ description: '{{slots.text}}' }, values));
    expect(JSON.parse(body)).toEqual({ description: 'se cayó "todo", {"admin": true}' });
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['description']);
  });
});
