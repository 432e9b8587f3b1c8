/**
 * The HTTP edge through the real app: operations endpoints, the OpenAPI document and UI, and how bad
 * requests are answered — each with a clear coded error and nothing written to the database.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.ts';

const TEST_MESSAGES = '/api/v1/tenants/clinica/test/messages';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const CLINICA_TOKEN = 'clinica-token-0123456789abcdef';
const AUTOS_TOKEN = 'autos-token-0123456789abcdef';

describe.each(DIALECTS)('HTTP API on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(): Promise<TestServer> {
    server = await startTestServer({
      dialect,
      config: testConfig([
        { id: 'clinica', apiToken: CLINICA_TOKEN },
        { id: 'autos', apiToken: AUTOS_TOKEN },
      ]),
    });
    return server;
  }

  async function messageCount(current: TestServer): Promise<number> {
    const row = await current.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Asserts the documented error shape and returns its body. */
  function expectError(
    response: { statusCode: number; json(): unknown; headers: Record<string, unknown> },
    status: number,
    code: string,
  ) {
    expect(response.statusCode).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
    const body = response.json() as { error: { code: string; message: string; details?: unknown } };
    expect(body).toEqual({
      error: {
        code,
        message: expect.any(String),
        ...(body.error.details === undefined ? {} : { details: body.error.details }),
      },
    });
    // Every message says what happened, then what to do about it.
    expect(body.error.message).toMatch(/^.{10,} — .{5,}$/s);
    return body.error;
  }

  describe('operations', () => {
    it('answers GET /health with 200', async () => {
      const current = await start();
      const response = await current.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('answers GET /ready with 200 when the database is reachable and workers run', async () => {
      const current = await start();
      const response = await current.app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready', database: 'ok', workers: 'running' });
    });

    it('answers GET /ready with 503 when the workers are not running', async () => {
      const current = await start();
      const app = await createApp(current.orquesta, { adminToken: ADMIN_TOKEN, isProcessing: () => false });
      try {
        const response = await app.inject({ method: 'GET', url: '/ready' });
        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({ status: 'not_ready', database: 'ok', workers: 'stopped' });
      } finally {
        await app.close();
      }
    });

    it('exposes Prometheus metrics labelled by tenant and channel once a message was processed', async () => {
      const current = await start();
      const sent = await current.send('clinica', { from: '573001112233', text: 'hola' });
      expect(sent.statusCode).toBe(200);

      // The reply is sent by the outbox after the turn commits; wait for its counter, not for a while.
      const text = await vi.waitFor(
        async () => {
          const response = await current.app.inject({ method: 'GET', url: '/metrics' });
          expect(response.statusCode).toBe(200);
          expect(response.body).toContain('orquesta_messages_sent_total{tenant="clinica",channel="test"} 1');
          return response;
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(String(text.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = text.body;
      expect(body).toContain('orquesta_messages_received_total{tenant="clinica",channel="test"} 1');
      expect(body).toContain('orquesta_messages_processed_total{tenant="clinica",channel="test"} 1');
      expect(body).toMatch(/^orquesta_turn_duration_seconds_count\{tenant="clinica",skill="smalltalk"\} 1$/m);
      expect(body).toMatch(
        /^orquesta_turn_duration_seconds_bucket\{le="\+Inf",tenant="clinica",skill="smalltalk"\} 1$/m,
      );
      expect(body).toMatch(/^# TYPE orquesta_inbox_depth gauge$/m);
      expect(body).toMatch(/^orquesta_inbox_depth 0$/m);
      expect(body).toMatch(/^# TYPE orquesta_outbox_depth gauge$/m);
      expect(body).toMatch(/^orquesta_outbox_depth 0$/m);
      expect(body).toMatch(/^orquesta_process_/m);
    });

    it('counts what waits in the inbox', async () => {
      server = await startTestServer({ dialect, start: false });
      const accepted = await server.send('clinica', { from: '573001112233', text: 'hola', wait: false });
      expect(accepted.statusCode).toBe(202);
      const response = await server.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.body).toMatch(/^orquesta_inbox_depth 1$/m);
      expect(response.body).toContain('orquesta_messages_received_total{tenant="clinica",channel="test"} 1');
    });

    it('publishes an OpenAPI 3 document listing the test endpoint', async () => {
      const current = await start();
      const response = await current.app.inject({ method: 'GET', url: '/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json() as {
        openapi: string;
        paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>>;
      };
      expect(document.openapi).toMatch(/^3\./);
      const operation = document.paths['/api/v1/tenants/{tenant}/test/messages']?.post;
      expect(operation).toBeDefined();
      expect(operation?.requestBody).toBeDefined();
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '202']));
      expect(document.paths['/health']).toBeDefined();
      expect(document.paths['/openapi.json']).toBeUndefined();
    });

    it('serves the API documentation UI at /docs', async () => {
      const current = await start();
      const index = await current.app.inject({ method: 'GET', url: '/docs' });
      const page =
        index.statusCode === 302
          ? await current.app.inject({ method: 'GET', url: String(index.headers.location) })
          : index;
      expect(page.statusCode).toBe(200);
      expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
      expect(page.body).toMatch(/swagger/i);
      const spec = await current.app.inject({ method: 'GET', url: '/docs/json' });
      expect(spec.statusCode).toBe(200);
      expect(spec.json()).toHaveProperty('paths./api/v1/tenants/{tenant}/test/messages');
    });
  });

  describe('bad requests get a clear error and change nothing', () => {
    it('answers malformed JSON with 400 invalid_json', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: TEST_MESSAGES,
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: '{"from": "573001", "text": ',
      });
      expectError(response, 400, 'invalid_json');
      expect(await messageCount(current)).toBe(0);
    });

    it('answers an empty JSON body with 400 invalid_json', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: TEST_MESSAGES,
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: '',
      });
      expectError(response, 400, 'invalid_json');
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a body over the limit with 413 payload_too_large', async () => {
      const current = await start();
      const small = await createApp(current.orquesta, { adminToken: ADMIN_TOKEN, bodyLimit: 256 });
      try {
        const response = await small.inject({
          method: 'POST',
          url: TEST_MESSAGES,
          headers: ADMIN,
          payload: { from: '573001', text: 'hola '.repeat(100) },
        });
        const error = expectError(response, 413, 'payload_too_large');
        expect(error.message).toContain('256 bytes');
      } finally {
        await small.close();
      }
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a body over the default 1 MiB limit with 413 payload_too_large', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: TEST_MESSAGES,
        headers: ADMIN,
        payload: { from: '573001', text: 'x'.repeat(1024 * 1024 + 1) },
      });
      expectError(response, 413, 'payload_too_large');
      expect(await messageCount(current)).toBe(0);
    });

    it('answers an unknown tenant with 404 not_found naming it', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: '/api/v1/tenants/nadie/test/messages',
        headers: ADMIN,
        payload: { from: '573001', text: 'hola' },
      });
      const error = expectError(response, 404, 'not_found');
      expect(error.message).toContain('"nadie"');
      expect(await messageCount(current)).toBe(0);
    });

    it('answers an unknown route with 404 not_found', async () => {
      const current = await start();
      const response = await current.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
      const error = expectError(response, 404, 'not_found');
      expect(error.message).toBe(
        'no route GET /api/v1/nothing-here — check the method and path (the routes are in /docs)',
      );
    });

    it('answers a missing token with 401 unauthorized', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: TEST_MESSAGES,
        payload: { from: '573001', text: 'hola' },
      });
      const error = expectError(response, 401, 'unauthorized');
      expect(error.message).toContain('Authorization: Bearer');
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a wrong token, or a header that is not a bearer token, with 401 unauthorized', async () => {
      const current = await start();
      for (const authorization of [
        `Bearer ${ADMIN_TOKEN}x`,
        'Bearer ',
        `Basic ${ADMIN_TOKEN}`,
        ADMIN_TOKEN,
      ]) {
        const response = await current.app.inject({
          method: 'POST',
          url: TEST_MESSAGES,
          headers: { authorization },
          payload: { from: '573001', text: 'hola' },
        });
        const error = expectError(response, 401, 'unauthorized');
        expect(error.message).not.toContain(ADMIN_TOKEN);
      }
      expect(await messageCount(current)).toBe(0);
    });

    it('checks the token before the tenant, so an unknown tenant is not revealed to a stranger', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: '/api/v1/tenants/nadie/test/messages',
        payload: { from: '573001', text: 'hola' },
      });
      expectError(response, 401, 'unauthorized');
    });

    it('answers a tenant token used on another tenant with 403 forbidden', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: '/api/v1/tenants/autos/test/messages',
        headers: { authorization: `Bearer ${CLINICA_TOKEN}` },
        payload: { from: '573001', text: 'hola' },
      });
      const error = expectError(response, 403, 'forbidden');
      expect(error.message).toContain('"autos"');
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a tenant token used on a tenant that does not exist with 403, revealing nothing', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: '/api/v1/tenants/nadie/test/messages',
        headers: { authorization: `Bearer ${CLINICA_TOKEN}` },
        payload: { from: '573001', text: 'hola' },
      });
      expectError(response, 403, 'forbidden');
    });

    it('answers an invalid now with 400 invalid_request naming the field', async () => {
      const current = await start();
      for (const now of ['mañana a las 3', '2026-11-23T09:00:00', '2026-13-45T09:00:00-05:00']) {
        const response = await current.send('clinica', { from: '573001', text: 'hola', now });
        const error = expectError(response, 400, 'invalid_request');
        expect(error.message).toMatch(/\bnow\b/);
        expect(error.details).toEqual([expect.objectContaining({ where: 'body.now' })]);
      }
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a missing text with 400 invalid_request naming the field', async () => {
      const current = await start();
      const response = await current.send('clinica', { from: '573001' });
      const error = expectError(response, 400, 'invalid_request');
      expect(error.message).toBe(
        'the request is not valid: body.text: required, expected string — correct these fields (the format is in /docs)',
      );
      expect(error.details).toEqual([{ where: 'body.text', problem: 'required, expected string' }]);
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a request without a body with 400 invalid_request about the body', async () => {
      const current = await start();
      const response = await current.app.inject({ method: 'POST', url: TEST_MESSAGES, headers: ADMIN });
      const error = expectError(response, 400, 'invalid_request');
      expect(error.details).toEqual([{ where: 'body', problem: expect.any(String) }]);
      expect(await messageCount(current)).toBe(0);
    });

    it('lists every invalid field at once', async () => {
      const current = await start();
      const response = await current.send('clinica', { from: '', text: 42, wait: 'si' });
      const error = expectError(response, 400, 'invalid_request');
      const where = (error.details as { where: string }[]).map((detail) => detail.where).sort();
      expect(where).toEqual(['body.from', 'body.text', 'body.wait']);
      expect(await messageCount(current)).toBe(0);
    });

    it('answers a content type other than JSON with 415 unsupported_media_type', async () => {
      const current = await start();
      for (const type of ['application/xml', 'multipart/form-data; boundary=x']) {
        const response = await current.app.inject({
          method: 'POST',
          url: TEST_MESSAGES,
          headers: { ...ADMIN, 'content-type': type },
          payload: '<message><from>573001</from><text>hola</text></message>',
        });
        const error = expectError(response, 415, 'unsupported_media_type');
        expect(error.message).toBe(
          `content type "${type}" is not accepted — send JSON with "Content-Type: application/json"`,
        );
      }
      expect(await messageCount(current)).toBe(0);
    });

    it('refuses a text/plain body with 415 unsupported_media_type', async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: TEST_MESSAGES,
        headers: { ...ADMIN, 'content-type': 'text/plain' },
        payload: 'hola',
      });
      const error = expectError(response, 415, 'unsupported_media_type');
      expect(error.message).toContain('text/plain');
      expect(await messageCount(current)).toBe(0);
    });
  });

  describe('tenant tokens', () => {
    it("lets a tenant's own apiToken reach its own tenant", async () => {
      const current = await start();
      const response = await current.app.inject({
        method: 'POST',
        url: TEST_MESSAGES,
        headers: { authorization: `Bearer ${CLINICA_TOKEN}` },
        payload: { from: '573001', text: 'hola' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().replies).toHaveLength(1);
      expect(await messageCount(current)).toBe(2);
    });

    it('accepts the admin token on every tenant', async () => {
      const current = await start();
      for (const tenant of ['clinica', 'autos']) {
        const response = await current.send(tenant, { from: '573001', text: 'hola' });
        expect(response.statusCode).toBe(200);
      }
    });
  });
});
