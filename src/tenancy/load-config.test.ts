import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOrquestaError, type OrquestaError } from '../core/errors.ts';
import { loadConfig, parseConfigText } from './load-config.ts';

const DEMO = resolve(import.meta.dirname, '../../examples/demo/orquesta.yaml');

/** The problems of an invalid configuration text, one per line. */
function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(text, 'test.yaml', env);
  } catch (error) {
    expect(isOrquestaError(error)).toBe(true);
    const coded = error as OrquestaError;
    expect(coded.code).toBe('invalid_config');
    const lines = coded.details as string[];
    expect(coded.message).toBe(`invalid configuration in test.yaml:\n  ${lines.join('\n  ')}`);
    return lines;
  }
  throw new Error('expected the configuration to be rejected');
}

/** A valid tenant in YAML, with `extra` lines added under it. */
function tenant(id: string, ...extra: string[]): string {
  return [`  - id: ${id}`, `    name: Negocio ${id}`, '    timezone: America/Bogota', '    currency: COP']
    .concat(extra.map((line) => `    ${line}`))
    .join('\n');
}

describe('loadConfig on the demo file', () => {
  it('loads the three demo tenants with their time zones and currencies', () => {
    const { config, path, baseDir } = loadConfig(DEMO, {});
    expect(path).toBe(DEMO);
    expect(baseDir).toBe(resolve(DEMO, '..'));
    expect(
      config.tenants.map(({ id, timezone, currency, locale }) => ({ id, timezone, currency, locale })),
    ).toEqual([
      { id: 'clinica', timezone: 'America/Bogota', currency: 'COP', locale: 'es' },
      { id: 'autos', timezone: 'America/Mexico_City', currency: 'MXN', locale: 'es' },
      { id: 'isp', timezone: 'America/Bogota', currency: 'COP', locale: 'es' },
    ]);
  });

  it('takes defaults where the environment is silent and values where it speaks', () => {
    const quiet = loadConfig(DEMO, {}).config.tenants[0]!;
    expect(quiet.debounceMs).toBe(1500);
    expect(quiet.apiToken).toBeUndefined();

    const token = 'clinica-secret-token-0123456789';
    const configured = loadConfig(DEMO, { ORQUESTA_DEBOUNCE_MS: '0', CLINICA_API_TOKEN: token }).config;
    expect(configured.tenants[0]!.debounceMs).toBe(0);
    expect(configured.tenants[0]!.apiToken).toBe(token);
    expect(configured.tenants[1]!.apiToken).toBeUndefined();
  });

  it('reports a file that cannot be read, naming it', () => {
    const missing = resolve('no/such/orquesta.yaml');
    expect(() => loadConfig(missing, {})).toThrow(
      `${missing}: cannot read the configuration file (ENOENT) — check the path given to --config or ORQUESTA_CONFIG`,
    );
  });
});

describe('loadConfig with files named relative to the configuration', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it('resolves nlu.data against the folder of the file and reports one that does not exist', () => {
    folder = mkdtempSync(join(tmpdir(), 'orquesta-config-'));
    writeFileSync(join(folder, 'nlu.yml'), 'version: "3.1"\nnlu: []\n');
    const file = join(folder, 'orquesta.yaml');
    writeFileSync(file, `tenants:\n${tenant('uno', 'nlu: { data: nlu.yml }')}\n`);
    expect(loadConfig(file, {}).config.tenants[0]!.nlu.data).toBe('nlu.yml');

    writeFileSync(
      file,
      `tenants:\n${tenant('uno', 'nlu: { data: nlu.yml }')}\n${tenant('dos', 'nlu: { data: datos/nlu.yml }')}\n`,
    );
    expect(() => loadConfig(file, {})).toThrow(
      `tenants[1].nlu.data: file ${join(folder, 'datos/nlu.yml')} does not exist — check the path; it is relative to the folder of the configuration file`,
    );
  });
});

describe('parseConfigText on invalid configurations', () => {
  it('lists every problem at once, one per line, as "path: what is wrong — how to fix"', () => {
    const text = [
      'tenants:',
      '  - id: clinica',
      '    name: Clínica',
      '    timezone: America/Bogata',
      '    currency: pesos',
      '    colour: blue',
      '  - id: clinica',
      '    timezone: America/Bogota',
      '    currency: COP',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'tenants[0].timezone: not an IANA time zone — use a name such as America/Bogota',
      'tenants[0].currency: not a currency code — use an ISO 4217 code such as COP or MXN',
      'tenants[0].colour: unknown key — remove it or check its spelling',
      'tenants[1].name: missing — add it (text)',
      'tenants[1].id: tenant id "clinica" is used twice — give each one its own id',
    ]);
  });

  it('says what is wrong and how to fix it for every kind of problem', () => {
    const text = [
      'tenants:',
      '  - id: Mi Negocio',
      "    name: ''",
      '    timezone: 5',
      '    currency: COP',
      '    locale: fr',
      '    debounceMs: -5',
      '    apiToken: short',
      '    skills: smalltalk',
      '    timeZone: America/Bogota',
      '    nlu: { threshold: 2 }',
      '    connections:',
      '      - { id: test, channel: sms }',
      '      - { id: test, chanel: test }',
      'extra: true',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toEqual([
      'tenants[0].id: not a valid id — use lowercase letters, digits, "-" and "_", starting with a letter or digit',
      'tenants[0].name: missing — add it (text)',
      'tenants[0].timezone: expected text, found a number — write text (in quotes if it looks like a number)',
      'tenants[0].locale: "fr" is not allowed — use one of: es, en',
      'tenants[0].debounceMs: too small — use at least 0',
      'tenants[0].apiToken: too short for a token — use at least 16 random characters',
      'tenants[0].skills: expected a list, found text — write a list, e.g. [a, b]',
      'tenants[0].timeZone: unknown key — did you mean "timezone"?',
      'tenants[0].nlu.threshold: too large — use at most 1',
      'tenants[0].connections[0].channel: "sms" is not allowed — use one of: test, console, whatsapp-cloud, twilio, gupshup, telegram, webchat',
      'tenants[0].connections[1].channel: missing — add it, one of: test, console, whatsapp-cloud, twilio, gupshup, telegram, webchat',
      'tenants[0].connections[1].chanel: unknown key — did you mean "channel"?',
      'tenants[0].connections[1].id: connection id "test" is used twice — give each one its own id',
      'extra: unknown key — remove it or check its spelling',
    ]);
    for (const problem of problems) expect(problem).toMatch(/^[^\s:]+: \S.* — \S.*$/);
  });

  it('does not echo a value that might be a secret', () => {
    const problems = problemsOf(`tenants:\n${tenant('uno', 'apiToken: s3cr3t')}\n`);
    expect(problems).toEqual([
      'tenants[0].apiToken: too short for a token — use at least 16 random characters',
    ]);
  });

  it('asks for at least one tenant', () => {
    expect(problemsOf('tenants: []\n')).toEqual(['tenants: no tenants — define at least one tenant']);
  });

  it('explains an empty file or one that is not a mapping', () => {
    const fix = 'start it with "tenants:" and a list of tenants';
    expect(problemsOf('')).toEqual([`(top level): the file holds nothing, not settings — ${fix}`]);
    expect(problemsOf('- a\n- b\n')).toEqual([`(top level): the file holds a list, not settings — ${fix}`]);
  });

  it('reports YAML syntax errors with their line and column', () => {
    const problems = problemsOf(
      ['tenants:', '  - id: clinica', '    name: [unclosed', '   timezone: x'].join('\n'),
    );
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^line 4, column \d+: .+ — fix the YAML syntax$/);
  });

  it('reports a key written twice as a YAML error', () => {
    const problems = problemsOf(`tenants:\n${tenant('uno', 'currency: MXN')}\n`);
    expect(problems).toEqual(['line 6, column 5: Map keys must be unique — fix the YAML syntax']);
  });
});

describe('parseConfigText with environment variables', () => {
  it('reports a missing ${VAR} with its line, once, alongside the other problems', () => {
    const text = [
      'tenants:',
      '  - id: clinica',
      '    name: ${BUSINESS_NAME}',
      '    timezone: America/Bogata',
      '    currency: COP',
      '    apiToken: ${CLINICA_API_TOKEN}',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'line 3: environment variable BUSINESS_NAME is not set — set it, or write ${BUSINESS_NAME:-default}',
      'line 6: environment variable CLINICA_API_TOKEN is not set — set it, or write ${CLINICA_API_TOKEN:-default}',
      'tenants[0].timezone: not an IANA time zone — use a name such as America/Bogota',
    ]);
  });

  it('validates interpolated values like written ones', () => {
    const text = `tenants:\n${tenant('uno', 'debounceMs: ${DEBOUNCE}', 'nlu: { threshold: ${THRESHOLD:-0.6} }')}\n`;
    expect(problemsOf(text, { DEBOUNCE: 'soon' })).toEqual([
      'tenants[0].debounceMs: expected a number, found text that is not a number — write a number, e.g. 1500',
    ]);
    const config = parseConfigText(text, 'test.yaml', { DEBOUNCE: '250', THRESHOLD: '0.75' });
    expect(config.tenants[0]).toMatchObject({ debounceMs: 250, nlu: { threshold: 0.75 } });
  });

  it('keeps values with YAML characters intact: a token with "#", a name with ": ", quotes', () => {
    const text = [
      'tenants:',
      '  - id: clinica',
      '    name: ${BUSINESS_NAME}',
      '    timezone: America/Bogota',
      '    currency: COP',
      '    apiToken: ${CLINICA_API_TOKEN}',
      '    connections:',
      '      - { id: wa, channel: whatsapp-cloud, settings: { appSecret: "${APP_SECRET}", token: ${TOKEN} } }',
    ].join('\n');
    const env = {
      BUSINESS_NAME: 'Clínica: la "mejor" # 1',
      CLINICA_API_TOKEN: '@abc #def ghi jkl mno',
      APP_SECRET: 'a"b\\c',
      TOKEN: '*alias, [x]',
    };
    const [clinica] = parseConfigText(text, 'test.yaml', env).tenants;
    expect(clinica!.name).toBe(env.BUSINESS_NAME);
    expect(clinica!.apiToken).toBe(env.CLINICA_API_TOKEN);
    expect(clinica!.connections[0]!.settings).toEqual({ appSecret: env.APP_SECRET, token: env.TOKEN });
  });

  it('leaves an optional setting unset when its variable is empty and the default is empty', () => {
    const text = `tenants:\n${tenant('uno', 'apiToken: ${UNO_TOKEN:-}')}\n`;
    expect(parseConfigText(text, 'test.yaml', { UNO_TOKEN: '' }).tenants[0]!.apiToken).toBeUndefined();
  });
});
