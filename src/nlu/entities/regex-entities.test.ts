import { describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import { createRegexMatcher } from './regex-entities.ts';

describe('regex entities', () => {
  it('yields the matched text of each pattern, with offsets', () => {
    const matcher = createRegexMatcher([
      { entity: 'cedula', pattern: '\\b\\d{8,10}\\b' },
      { entity: 'placa', pattern: '(?i)\\b[a-z]{3}-?\\d{3}\\b' },
    ]);
    const text = 'Mi cédula 1020304050 y la placa abc-123';
    expect(
      matcher
        .extract(text)
        .map((entity) => [entity.entity, text.slice(entity.start, entity.end), entity.value]),
    ).toEqual([
      ['cedula', '1020304050', '1020304050'],
      ['placa', 'abc-123', 'abc-123'],
    ]);
  });

  it('rejects a pattern that does not compile, naming the entity', () => {
    expect(() => createRegexMatcher([{ entity: 'cedula', pattern: '(\\d+' }])).toThrow(OrquestaError);
    expect(() => createRegexMatcher([{ entity: 'cedula', pattern: '(\\d+' }])).toThrow(/cedula/);
  });
});
