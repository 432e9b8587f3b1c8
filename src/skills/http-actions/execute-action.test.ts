import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { startIspBackend, type IspBackend } from '../../../examples/isp-backend/server.ts';
import { ispExampleFromDocs, type IspExample } from './__fixtures__/isp-actions.ts';
import { executeAction, idempotencyKey, type ActionCall } from './execute-action.ts';
import { HttpActionError } from './http-action-error.ts';
import { httpActionSchema, type HttpAction } from './settings.ts';

const TOKEN = 'backend-token-for-tests-0123';
const PHONE = '573001234567';

function call(turnKey: string, slots: unknown): ActionCall {
  return {
    tenantId: 'isp',
    conversationId: 'conv_1',
    turnKey,
    contact: { phone: PHONE, name: 'Ana Gómez' },
    slots,
  };
}

const fault = {
  kind: 'sin_servicio',
  description: 'Desde ayer no tengo internet y el módem tiene la luz roja',
};

/** Records the waits between attempts instead of waiting. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

async function failure(promise: Promise<unknown>): Promise<HttpActionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpActionError);
  return error as HttpActionError;
}

describe('executeAction against the demo ISP backend', () => {
  let backend: IspBackend;
  let example: IspExample;

  beforeEach(async () => {
    backend = await startIspBackend({ port: 0, token: TOKEN });
    example = ispExampleFromDocs({ ISP_BACKEND_URL: backend.url, ISP_BACKEND_TOKEN: TOKEN });
  });
  afterEach(() => backend.close());

  async function ticketsOf(
    phone: string,
  ): Promise<{ id: string; name: string; kind: string; description: string }[]> {
    const response = await fetch(`${backend.url}/tickets?phone=${phone}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return ((await response.json()) as { tickets: [] }).tickets;
  }

  it('opens a ticket with the declared body, then reads it back by its number', async () => {
    const created = await executeAction(example.reportFault, call('msg_1', fault));
    expect(created).toEqual({
      status: 201,
      attempts: 1,
      variables: { ...fault, ticket: 'TK-10001', status: 'abierto' },
      answer: { ticket: expect.objectContaining({ id: 'TK-10001', phone: PHONE }) },
    });
    expect(await ticketsOf(PHONE)).toMatchObject([
      { id: 'TK-10001', name: 'Ana Gómez', kind: 'sin_servicio', description: fault.description },
    ]);

    const found = await executeAction(example.lookUpTicket, call('msg_2', { ticket: '10001' }));
    expect(found).toMatchObject({
      status: 200,
      attempts: 1,
      variables: { ticket: 'TK-10001', status: 'abierto' },
    });
  });

  it('creates one ticket however often a turn is replayed, and a new one for a new turn', async () => {
    const first = await executeAction(example.reportFault, call('msg_1', fault));
    const replay = await executeAction(example.reportFault, call('msg_1', fault));
    expect([first.status, replay.status]).toEqual([201, 200]);
    expect(replay.variables.ticket).toBe(first.variables.ticket);
    expect(await ticketsOf(PHONE)).toHaveLength(1);

    const next = await executeAction(example.reportFault, call('msg_7', fault));
    expect(next).toMatchObject({ status: 201, variables: { ticket: 'TK-10002' } });
    expect(await ticketsOf(PHONE)).toHaveLength(2);
  });

  it('reports an unknown ticket as a 404, at once', async () => {
    const error = await failure(executeAction(example.lookUpTicket, call('msg_1', { ticket: 'TK-99999' })));
    expect(error).toMatchObject({ kind: 'http_status', status: 404, attempts: 1 });
  });

  it('does not retry a refused token, and its message names neither the token nor the customer', async () => {
    const wrong = ispExampleFromDocs({
      ISP_BACKEND_URL: backend.url,
      ISP_BACKEND_TOKEN: 'not-the-token-9876',
    });
    const error = await failure(executeAction(wrong.reportFault, call('msg_1', fault)));
    expect(error).toMatchObject({ kind: 'http_status', status: 401, attempts: 1 });
    const host = new URL(backend.url).host;
    expect(error.message).toBe(
      `action "reportar_falla" (POST ${host}): the server answered 401 — check the credentials in the action's headers (their environment variables)`,
    );
    for (const secret of ['not-the-token-9876', PHONE, 'Ana', 'módem'])
      expect(error.message).not.toContain(secret);
    expect(await ticketsOf(PHONE)).toEqual([]);
  });

  it('refuses slots that do not fit, and sends nothing', async () => {
    const error = await failure(
      executeAction(example.reportFault, call('msg_1', { kind: 'sin_luz', description: '  ' })),
    );
    expect(error).toMatchObject({ kind: 'invalid_input', attempts: 0 });
    expect(error.message).toContain('kind: expected one of: sin_servicio, lento, intermitente, otro');
    expect(error.message).toContain('description: empty — give a value');
    const lookUp = await failure(executeAction(example.lookUpTicket, call('msg_1', { ticket: '../admin' })));
    expect(lookUp.kind).toBe('invalid_input');
    expect(await ticketsOf(PHONE)).toEqual([]);
  });
});

describe('executeAction against a scripted server', () => {
  let server: FakeProvider;

  beforeEach(async () => {
    server = await startFakeProvider(() => ({ status: 201, body: { ticket: { id: 'TK-1' } } }));
  });
  afterEach(() => server.close());

  function action(overrides: Record<string, unknown> = {}): HttpAction {
    return httpActionSchema.parse({
      name: 'reportar_falla',
      method: 'POST',
      url: `${server.baseUrl}/tickets?key=query-secret-55`,
      headers: { Authorization: 'Bearer header-secret-77' },
      slots: { description: {}, count: { type: 'number', required: false } },
      body: {
        description: '{{slots.description}}',
        count: '{{slots.count}}',
        conversation: '{{conversation.id}}',
      },
      response: { ticket: 'ticket.id' },
      reply: { success: 'isp.ticket_created' },
      ...overrides,
    });
  }

  it('sends JSON built from values, the configured headers and a deterministic Idempotency-Key', async () => {
    await executeAction(action(), call('msg_1', { description: 'dice "hola"', count: 2 }));
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.query.get('key')).toBe('query-secret-55');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.authorization).toBe('Bearer header-secret-77');
    expect(request!.headers['idempotency-key']).toBe(
      idempotencyKey({ tenantId: 'isp', conversationId: 'conv_1', turnKey: 'msg_1' }, 'reportar_falla'),
    );
    expect(request!.json).toEqual({ description: 'dice "hola"', count: 2, conversation: 'conv_1' });
  });

  it('derives a key that changes with the tenant, the conversation, the turn and the action', () => {
    const base = { tenantId: 'isp', conversationId: 'conv_1', turnKey: 'msg_1' };
    const key = idempotencyKey(base, 'reportar_falla');
    expect(idempotencyKey({ ...base }, 'reportar_falla')).toBe(key);
    const others = [
      idempotencyKey({ ...base, tenantId: 'autos' }, 'reportar_falla'),
      idempotencyKey({ ...base, conversationId: 'conv_2' }, 'reportar_falla'),
      idempotencyKey({ ...base, turnKey: 'msg_2' }, 'reportar_falla'),
      idempotencyKey(base, 'consultar_ticket'),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
  });

  it('URI-encodes slots in the URL and sends a GET without body or Idempotency-Key', async () => {
    const lookUp = action({
      method: 'GET',
      url: `${server.baseUrl}/tickets/{{slots.ticket}}`,
      slots: { ticket: {} },
      body: undefined,
    });
    await executeAction(lookUp, call('msg_1', { ticket: 'TK 1/../x?y=1' }));
    const [request] = server.requests;
    expect(request!.path).toBe('/tickets/TK%201%2F..%2Fx%3Fy%3D1');
    expect(request!.headers['idempotency-key']).toBeUndefined();
    expect(request!.body).toBe('');
  });

  it('succeeds after a server answers 500 twice, sending the same key each time', async () => {
    server.enqueue({ status: 500, body: { error: 'db down' } }, { status: 500, body: 'oops' });
    const { waits, sleep } = recordingSleep();
    const result = await executeAction(action(), call('msg_1', { description: 'sin internet' }), { sleep });
    expect(result).toEqual({
      status: 201,
      attempts: 3,
      variables: { description: 'sin internet', ticket: 'TK-1' },
      answer: expect.anything(),
    });
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((request) => request.headers['idempotency-key'])).size).toBe(1);
    expect(new Set(server.requests.map((request) => request.body)).size).toBe(1);
    expect(waits).toHaveLength(2);
  });

  it('gives up after its retries, with the last status', async () => {
    server.respondWith(() => ({ status: 503 }));
    const { waits, sleep } = recordingSleep();
    const error = await failure(
      executeAction(action({ retries: 1 }), call('msg_1', { description: 'x' }), { sleep }),
    );
    expect(error).toMatchObject({ kind: 'http_status', status: 503, attempts: 2 });
    expect(error.message).toContain('the server answered 503 after 2 attempts — the service is failing');
    expect(error.message).not.toMatch(/query-secret-55|header-secret-77/);
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('waits at least as long as a 429’s Retry-After asks', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3' } });
    const { waits, sleep } = recordingSleep();
    const result = await executeAction(action(), call('msg_1', { description: 'x' }), { sleep });
    expect(result.attempts).toBe(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
  });

  it('does not retry when Retry-After asks for longer than a customer can wait', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '120' } });
    const { waits, sleep } = recordingSleep();
    const error = await failure(executeAction(action(), call('msg_1', { description: 'x' }), { sleep }));
    expect(error).toMatchObject({ kind: 'http_status', status: 429, attempts: 1 });
    expect(waits).toEqual([]);
  });

  it('does not retry a 4xx', async () => {
    server.enqueue({ status: 422, body: { error: 'bad kind' } });
    const error = await failure(executeAction(action(), call('msg_1', { description: 'x' })));
    expect(error).toMatchObject({ kind: 'http_status', status: 422, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('classifies a server that never answers as a timeout, retried like a network error', async () => {
    const silent = await startSilentServer();
    try {
      const { sleep } = recordingSleep();
      const stalled = action({ url: `${silent.url}/tickets`, timeoutMs: 50, retries: 1 });
      const error = await failure(executeAction(stalled, call('msg_1', { description: 'x' }), { sleep }));
      expect(error).toMatchObject({ kind: 'timeout', status: null, attempts: 2 });
      expect(error.message).toMatch(
        /no answer within 50 ms after 2 attempts — check that the service is up, or raise timeoutMs$/,
      );
      expect(silent.received()).toBe(2);
    } finally {
      await silent.close();
    }
  });

  it('classifies an unreachable server as a network error', async () => {
    const closed = action();
    await server.close();
    const { waits, sleep } = recordingSleep();
    const error = await failure(executeAction(closed, call('msg_1', { description: 'x' }), { sleep }));
    expect(error).toMatchObject({ kind: 'network', status: null, attempts: 3 });
    expect(error.message).toContain('could not reach the server (ECONNREFUSED) after 3 attempts');
    expect(waits).toHaveLength(2);
    server = await startFakeProvider(() => ({ status: 200 }));
  });

  it('classifies a 2xx without the mapped fields, or not JSON, as a bad response, not retried', async () => {
    server.enqueue({ status: 201, body: { id: 'TK-1' } }, { status: 200, body: 'ok' });
    const missing = await failure(executeAction(action(), call('msg_1', { description: 'x' })));
    expect(missing).toMatchObject({ kind: 'bad_response', status: 201, attempts: 1 });
    expect(missing.message).toContain('but its answer has no field "ticket.id"');
    const text = await failure(executeAction(action(), call('msg_2', { description: 'x' })));
    expect(text).toMatchObject({ kind: 'bad_response', status: 200 });
    expect(text.message).toContain('but its answer is not JSON');
    expect(server.requests).toHaveLength(2);
  });

  it('does not follow a redirect', async () => {
    server.enqueue({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    const error = await failure(executeAction(action(), call('msg_1', { description: 'x' })));
    expect(error).toMatchObject({ kind: 'http_status', status: 302, attempts: 1 });
  });
});

/** A server that reads requests and never answers; closing it drops the connections it holds. */
async function startSilentServer() {
  let received = 0;
  const server = createServer(() => void received++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
