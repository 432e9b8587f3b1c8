import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './interpolate-env.ts';

/** The value of the single scalar `key: …` after interpolation, as the loader restores it. */
function valueOf(line: string, env: Record<string, string | undefined>, plain = true): unknown {
  const interpolated = interpolateEnv(line, env);
  const scalar = interpolated.text.replace(/^key: "?|"$/g, '');
  return interpolated.restore(scalar, plain);
}

describe('interpolateEnv', () => {
  it('replaces ${VAR} with its value from the environment', () => {
    expect(valueOf('key: ${NAME}', { NAME: 'Clínica Bella Piel' })).toBe('Clínica Bella Piel');
    expect(interpolateEnv('key: ${NAME}', { NAME: 'x' }).problems).toEqual([]);
  });

  it('uses the default of ${VAR:-default} when the variable is unset or empty, and the value when set', () => {
    expect(valueOf('key: ${DEBOUNCE:-1500}', {})).toBe(1500);
    expect(valueOf('key: ${DEBOUNCE:-1500}', { DEBOUNCE: '' })).toBe(1500);
    expect(valueOf('key: ${DEBOUNCE:-1500}', { DEBOUNCE: '0' })).toBe(0);
    expect(valueOf('key: ${TOKEN:-}', {})).toBe('');
    expect(interpolateEnv('key: ${TOKEN:-}', {}).problems).toEqual([]);
  });

  it('reports each ${VAR} that has no value and no default, with its line', () => {
    const text = ['tenants:', '  - name: ${NAME}', '    apiToken: ${TOKEN}', '    other: ${SET}'].join('\n');
    const { problems } = interpolateEnv(text, { SET: 'yes' });
    expect(problems).toEqual([
      { variable: 'NAME', line: 2 },
      { variable: 'TOKEN', line: 3 },
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(interpolateEnv('key: ${NAME}', { NAME: '' }).problems).toEqual([{ variable: 'NAME', line: 1 }]);
  });

  it('leaves whole-line comments alone', () => {
    const interpolated = interpolateEnv('# set ${UNSET} first\nkey: 1', {});
    expect(interpolated.problems).toEqual([]);
    expect(interpolated.text).toBe('# set ${UNSET} first\nkey: 1');
  });

  it('keeps values out of the text, so they cannot change the YAML structure', () => {
    const secret = 'abc #def: "ghi" @*&';
    const interpolated = interpolateEnv('key: ${SECRET}', { SECRET: secret });
    expect(interpolated.text).not.toContain('#');
    expect(interpolated.text).toMatch(/^key: [a-z0-9-]+$/);
    expect(valueOf('key: ${SECRET}', { SECRET: secret })).toBe(secret);
  });

  it('resolves a lone unquoted reference as YAML would resolve the value, and anything else as text', () => {
    expect(valueOf('key: ${V}', { V: '0.6' })).toBe(0.6);
    expect(valueOf('key: ${V}', { V: 'true' })).toBe(true);
    expect(valueOf('key: ${V}', { V: 'null' })).toBe(null);
    expect(valueOf('key: ${V}', { V: '0123abc' })).toBe('0123abc');
    // Quoted in the file: always text.
    expect(valueOf('key: "${V}"', { V: '1500' }, false)).toBe('1500');
    // Part of a longer value: text.
    expect(valueOf('key: https://${HOST}:${PORT:-8080}/api', { HOST: 'example.com' })).toBe(
      'https://example.com:8080/api',
    );
  });

  it('does not touch text that only looks like a reference', () => {
    expect(valueOf('key: $HOME and ${1BAD} and {NAME}', {})).toBe('$HOME and ${1BAD} and {NAME}');
  });
});
