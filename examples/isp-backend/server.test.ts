import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIspBackend, type IspBackend } from './server.ts';

const TOKEN = 'isp-backend-test-token';
const fault = {
  phone: '573001234567',
  name: 'Ana Gómez',
  kind: 'lento',
  description: 'Va muy lento desde ayer',
};

describe('the demo ISP backend', () => {
  let backend: IspBackend;

  beforeEach(async () => {
    backend = await startIspBackend({
      port: 0,
      token: TOKEN,
      now: () => new Date('2026-11-23T14:00:00.000Z'),
    });
  });
  afterEach(() => backend.close());

  async function request(
    method: string,
    path: string,
    options: { body?: unknown; key?: string; token?: string | null; raw?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
    if (options.key) headers['idempotency-key'] = options.key;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${backend.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('opens a ticket numbered from TK-10001 and reads it back by id, with or without the prefix', async () => {
    const created = await request('POST', '/tickets', { body: fault, key: 'k-1' });
    const ticket = {
      id: 'TK-10001',
      ...fault,
      status: 'abierto',
      createdAt: '2026-11-23T14:00:00.000Z',
    };
    expect(created).toEqual({ status: 201, body: { ticket } });
    for (const id of ['TK-10001', 'tk10001', '10001'])
      expect(await request('GET', `/tickets/${id}`)).toEqual({ status: 200, body: { ticket } });
    expect((await request('POST', '/tickets', { body: fault })).body).toMatchObject({
      ticket: { id: 'TK-10002' },
    });
  });

  it('returns the same ticket for a repeated Idempotency-Key (201, then 200) and refuses the key for another ticket', async () => {
    const first = await request('POST', '/tickets', { body: fault, key: 'turn-1' });
    const again = await request('POST', '/tickets', { body: fault, key: 'turn-1' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);

    const reused = await request('POST', '/tickets', { body: { ...fault, kind: 'otro' }, key: 'turn-1' });
    expect(reused).toEqual({
      status: 422,
      body: {
        error: {
          code: 'idempotency_key_reused',
          message: 'this Idempotency-Key was used for a different ticket — send a new key for a new request',
        },
      },
    });
    expect((await request('GET', '/tickets')).body.tickets).toHaveLength(1);
  });

  it('lists tickets newest first, only the given phone’s when asked', async () => {
    await request('POST', '/tickets', { body: fault });
    await request('POST', '/tickets', { body: { ...fault, phone: '573009999999' } });
    await request('POST', '/tickets', { body: { ...fault, kind: 'intermitente' } });
    const all = (await request('GET', '/tickets')).body.tickets as { id: string }[];
    expect(all.map((ticket) => ticket.id)).toEqual(['TK-10003', 'TK-10002', 'TK-10001']);
    const mine = (await request('GET', '/tickets?phone=573001234567')).body.tickets as { id: string }[];
    expect(mine.map((ticket) => ticket.id)).toEqual(['TK-10003', 'TK-10001']);
  });

  it('refuses a request without the bearer token, or with another, and creates nothing', async () => {
    for (const token of [null, 'another-token']) {
      const refused = await request('POST', '/tickets', { body: fault, token });
      expect(refused).toEqual({
        status: 401,
        body: {
          error: {
            code: 'unauthorized',
            message: 'missing or wrong bearer token — send Authorization: Bearer <token>',
          },
        },
      });
      expect((await request('GET', '/tickets/TK-10001', { token })).status).toBe(401);
    }
    expect((await request('GET', '/tickets')).body.tickets).toEqual([]);
  });

  it('refuses a ticket that is not valid, naming every field at fault', async () => {
    const refused = await request('POST', '/tickets', {
      body: { phone: 'mi celular', kind: 'sin_luz', description: '' },
    });
    expect(refused.status).toBe(400);
    const message = (refused.body.error as { message: string }).message;
    expect(message).toContain('phone: not a phone number — send digits with the country code');
    expect(message).toContain('kind: expected one of: sin_servicio, lento, intermitente, otro');
    expect(message).toContain('description: empty — describe the fault');
    expect((await request('POST', '/tickets', { raw: '{"phone":' })).status).toBe(400);
    expect((await request('POST', '/tickets', { body: fault, key: 'con espacios' })).status).toBe(400);
    expect((await request('GET', '/tickets')).body.tickets).toEqual([]);
  });

  it('answers 404 for an unknown ticket or route', async () => {
    expect(await request('GET', '/tickets/TK-55555')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no ticket with that id — ids look like TK-10001' } },
    });
    expect((await request('DELETE', '/tickets/TK-10001')).status).toBe(404);
  });

  it('will not start without a token', async () => {
    await expect(startIspBackend({ port: 0, token: '' })).rejects.toThrow(
      'the ISP backend needs a token — set ISP_BACKEND_TOKEN',
    );
  });
});

describe('server.ts run alone', () => {
  it('listens where ISP_BACKEND_PORT says, with ISP_BACKEND_TOKEN, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'server.ts')], {
      env: { ...process.env, ISP_BACKEND_PORT: '0', ISP_BACKEND_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolveUrl(match[1]!);
        });
        child.once('exit', (code) =>
          reject(new Error(`server.ts exited (${code}) before listening: ${output}`)),
        );
      });
      const response = await fetch(`${url}/tickets`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
