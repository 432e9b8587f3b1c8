/**
 * Real `orquesta start` processes for process-level tests: spawn one on a free port, wait for
 * `GET /ready`, talk to it over HTTP, read its log lines, and kill it (every one still running is killed
 * by `stopAllServers()`, which tests call in afterEach/afterAll, and when the test worker exits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DEMO_CONFIG } from './test-config.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const CLI = resolve(REPO_ROOT, 'bin/orquesta.js');
export const PROCESS_ADMIN_TOKEN = 'process-test-admin-token';
const MAX_OUTPUT_CHARS = 8_000_000;

export interface SpawnServerOptions {
  databaseUrl: string;
  /** Configuration file; the demo's by default (tenants clinica, autos, isp, each with connection `test`). */
  config?: string;
  /** Extra environment; it wins over the defaults (`ORQUESTA_DEBOUNCE_MS=0`, `LOG_LEVEL=warn`). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface SpawnedServer {
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** The JSON log lines (pino, on stdout) it wrote so far. */
  logRecords(): Record<string, unknown>[];
  /** POST to the test endpoint as the admin. */
  post(tenant: string, body: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  /** Sends the signal (SIGKILL by default) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const live = new Set<SpawnedServer>();
process.once('exit', () => {
  for (const server of live) server.child.kill('SIGKILL');
});

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined/null/false, and
 * returns that; fails after `timeoutMs`, naming what it waited for and the last value seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** Starts `node bin/orquesta.js start` and resolves once `GET /ready` answers 200. */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ORQUESTA_') && name !== 'LOG_LEVEL'),
  );
  const child = spawn(
    process.execPath,
    [
      CLI,
      'start',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--database',
      options.databaseUrl,
      '--config',
      options.config ?? DEMO_CONFIG,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...inherited,
        ORQUESTA_ADMIN_TOKEN: PROCESS_ADMIN_TOKEN,
        ORQUESTA_DEBOUNCE_MS: '0',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Log lines go to stdout, the welcome text and fatal errors to stderr; kept apart so lines stay whole.
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk.toString('utf8');
    if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString('utf8');
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString('utf8');
  });
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: SpawnedServer = {
    pid: child.pid ?? -1,
    port,
    baseUrl,
    child,
    output: () => output,
    logRecords: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    async post(tenant, body) {
      const response = await fetch(`${baseUrl}/api/v1/tenants/${tenant}/test/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PROCESS_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text for the assertion message.
      }
      return { status: response.status, body: parsed };
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      live.delete(server);
    },
  };
  live.add(server);

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const problem =
      child.exitCode !== null || child.signalCode !== null
        ? `exited with ${child.exitCode ?? child.signalCode} before it was ready`
        : Date.now() > deadline
          ? `was not ready after ${readyTimeoutMs} ms`
          : undefined;
    if (problem) {
      await server.kill();
      throw new Error(`orquesta on port ${port} ${problem}\n--- its output ---\n${output}`);
    }
    const response = await fetch(`${baseUrl}/ready`).catch(() => undefined);
    if (response?.status === 200) return server;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Kills every spawned server that is still running; safe to call when none is. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((server) => server.kill('SIGKILL')));
}
