/** `orquesta config check` and `orquesta config schema`, run as a user runs them: a separate process. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configJsonSchema } from './config-schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = resolve(ROOT, 'examples/demo/orquesta.yaml');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function orquesta(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.ORQUESTA_CONFIG;
  return new Promise((done) => {
    execFile(process.execPath, ['bin/orquesta.js', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('orquesta config', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it('check: accepts the demo file and names its tenants', async () => {
    const run = await orquesta('config', 'check', '--config', DEMO);
    expect(run).toEqual({
      code: 0,
      stdout: `${DEMO}: valid, 3 tenant(s): clinica, autos, isp\n`,
      stderr: '',
    });
  });

  it('check: lists every problem of a broken file on stderr and exits 1, without a stack trace', async () => {
    folder = mkdtempSync(join(tmpdir(), 'orquesta-cli-'));
    const file = join(folder, 'orquesta.yaml');
    writeFileSync(
      file,
      [
        'tenants:',
        '  - id: clinica',
        '    name: Clínica',
        '    timezone: America/Bogata',
        '    currency: COP',
        '    colour: blue',
        '  - id: clinica',
        '    timezone: America/Bogota',
        '    currency: cop',
        '    apiToken: ${MISSING_TOKEN}',
        '',
      ].join('\n'),
    );
    const run = await orquesta('config', 'check', '--config', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `orquesta: invalid configuration in ${file}:`,
        '  line 10: environment variable MISSING_TOKEN is not set — set it, or write ${MISSING_TOKEN:-default}',
        '  tenants[0].timezone: not an IANA time zone — use a name such as America/Bogota',
        '  tenants[0].colour: unknown key — remove it or check its spelling',
        '  tenants[1].name: missing — add it (text)',
        '  tenants[1].id: tenant id "clinica" is used twice — give each one its own id',
        '  tenants[1].currency: not a currency code — use an ISO 4217 code such as COP or MXN',
        '',
      ].join('\n'),
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('check: reports a file that does not exist', async () => {
    const missing = join(tmpdir(), 'orquesta-no-such-file.yaml');
    const run = await orquesta('config', 'check', '--config', missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `orquesta: ${missing}: cannot read the configuration file (ENOENT) — check the path given to --config or ORQUESTA_CONFIG\n`,
    );
  });

  it('schema: prints the JSON Schema', async () => {
    const run = await orquesta('config', 'schema');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(configJsonSchema());
  });
});
