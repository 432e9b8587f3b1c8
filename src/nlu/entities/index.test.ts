import { describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import { createEntityExtractor } from './index.ts';

const context = { now: new Date('2026-11-23T14:00:00Z'), timezone: 'America/Bogota' };

function entities(extractor: ReturnType<typeof createEntityExtractor>, text: string) {
  return extractor.extract(text, context).map(({ entity, start, end, value }) => ({
    entity,
    text: text.slice(start, end),
    value,
  }));
}

describe('createEntityExtractor', () => {
  const extractor = createEntityExtractor({
    lookups: {
      make: [{ value: 'Nissan' }, { value: 'Volkswagen' }],
      model: [{ value: 'Jetta' }, { value: 'Sentra' }],
      service: [{ value: 'limpieza-facial', synonyms: ['limpieza facial'] }],
    },
    regexes: [{ entity: 'cedula', pattern: '\\b\\d{8}\\b' }],
    synonyms: { profilaxis: 'limpieza-facial' },
  });

  it('gives every entity the Rasa shape, with offsets in the original text', () => {
    const [time] = extractor.extract('¿Tienen cupo mañana a las 3 de la tarde?', context);
    expect(time).toEqual({
      entity: 'time',
      start: 13,
      end: 39,
      value: '2026-11-24T15:00:00.000-05:00',
      grain: 'hour',
      extractor: 'orquesta',
    });
  });

  it('extracts the kinds of the issue side by side without overlaps', () => {
    expect(
      entities(
        extractor,
        'un nisan o un jeta por 300 mil, a 48 meses; escríbeme a ana@correo.co o al 300 123 4567',
      ),
    ).toEqual([
      { entity: 'make', text: 'nisan', value: 'Nissan' },
      { entity: 'model', text: 'jeta', value: 'Jetta' },
      { entity: 'amount-of-money', text: '300 mil', value: 300_000 },
      { entity: 'duration', text: '48 meses', value: 48 },
      { entity: 'email', text: 'ana@correo.co', value: 'ana@correo.co' },
      { entity: 'phone-number', text: '300 123 4567', value: '3001234567' },
    ]);
    expect(entities(extractor, 'el segundo, tres veces, el último')).toEqual([
      { entity: 'ordinal', text: 'segundo', value: 2 },
      { entity: 'number', text: 'tres', value: 3 },
      { entity: 'ordinal', text: 'último', value: -1 },
    ]);
  });

  it('lets the longest match win, and the tenant own entities on a tie', () => {
    expect(entities(extractor, 'a las 10')).toEqual([
      { entity: 'time', text: 'a las 10', value: '2026-11-23T10:00:00.000-05:00' },
    ]);
    expect(entities(extractor, 'mi cédula 12345678')).toEqual([
      { entity: 'cedula', text: '12345678', value: '12345678' },
    ]);
  });

  it('maps extracted text to canonical values with the synonyms', () => {
    const withSynonymLookup = createEntityExtractor({
      lookups: { service: [{ value: 'profilaxis' }] },
      synonyms: { Profilaxis: 'limpieza-facial' },
    });
    expect(entities(withSynonymLookup, 'quiero una PROFILAXIS')).toEqual([
      { entity: 'service', text: 'PROFILAXIS', value: 'limpieza-facial' },
    ]);
    expect(entities(extractor, 'una limpieza facial')).toEqual([
      { entity: 'service', text: 'limpieza facial', value: 'limpieza-facial' },
    ]);
  });

  it('works with no options at all', () => {
    expect(entities(createEntityExtractor(), 'hola')).toEqual([]);
  });

  it('rejects a time zone that is not an IANA zone', () => {
    expect(() => extractor.extract('mañana', { ...context, timezone: 'Bogota' })).toThrow(OrquestaError);
  });
});
