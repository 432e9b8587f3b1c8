import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from './config-schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCHEMA_FILE = resolve(ROOT, 'schema/orquesta.schema.json');
const DEMO = resolve(ROOT, 'examples/demo/orquesta.yaml');

/** A validator for the published JSON Schema, as an editor would apply it to the file before interpolation. */
function editorValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(configJsonSchema());
}

describe('the published JSON Schema', () => {
  it('is checked in as generated, so it cannot go stale (regenerate it with `npm run schema`)', () => {
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    expect(checkedIn).toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

  it('is a draft 2020-12 schema the demo points at', () => {
    const schema = configJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Orquesta configuration (orquesta.yaml)');
    expect(readFileSync(DEMO, 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/orquesta\.schema\.json$/m,
    );
  });

  it('accepts the demo configuration as written, with its ${VAR} references', () => {
    const validate = editorValidator();
    const valid = validate(parse(readFileSync(DEMO, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects what the loader rejects: unknown keys, bad enums, bad patterns, missing fields', () => {
    const validate = editorValidator();
    const config = {
      tenants: [
        { id: 'Bad Id', name: 'x', timezone: 'America/Bogota', currency: 'pesos', locale: 'fr', colour: 1 },
        { id: 'dos', timezone: 'America/Bogota', currency: 'COP', debounceMs: -1 },
      ],
    };
    expect(validate(config)).toBe(false);
    const failures = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
    expect(failures).toEqual(
      expect.arrayContaining([
        '/tenants/0/id pattern',
        '/tenants/0/currency pattern',
        '/tenants/0/locale enum',
        '/tenants/0 additionalProperties',
        '/tenants/1 required',
        '/tenants/1/debounceMs minimum',
      ]),
    );
  });

  it('accepts an environment reference wherever a value is constrained', () => {
    const validate = editorValidator();
    const config = {
      tenants: [
        {
          id: '${TENANT_ID}',
          name: 'x',
          timezone: 'America/Bogota',
          currency: '${CURRENCY:-COP}',
          locale: '${LOCALE:-es}',
          debounceMs: '${DEBOUNCE_MS:-1500}',
          nlu: { threshold: '${THRESHOLD}' },
        },
      ],
    };
    expect(validate(config)).toBe(true);
    expect(validate({ tenants: [{ ...config.tenants[0], debounceMs: 'soon' }] })).toBe(false);
  });
});
