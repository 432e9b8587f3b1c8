/** Who may reach the admin API and what it accepts: tenant isolation, input validation, the OpenAPI document. */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const CLINICA_TOKEN = 'clinica-token-0123456789abcdef';
const AUTOS_TOKEN = 'autos-token-0123456789abcdef';

describe.each(DIALECTS)('admin API access on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const get = (path: string, token?: string) => server!.request('GET', path, undefined, token);
  const post = (path: string, payload?: Record<string, unknown>, token?: string) =>
    server!.request('POST', path, payload, token);
  const say = (from: string, text: string, name?: string) => server!.say('clinica', from, text, name);

  it("keeps tenants apart: another tenant's token gets 403, another tenant's ids get 404", async () => {
    server = await startTestServer({
      dialect,
      config: testConfig([
        { id: 'clinica', apiToken: CLINICA_TOKEN },
        { id: 'autos', apiToken: AUTOS_TOKEN },
      ]),
    });
    const ana = await say('573001112233', 'hola', 'Ana Pérez');
    const conversation = `/api/v1/tenants/clinica/conversations/${ana.conversationId}`;

    expect((await get(conversation, CLINICA_TOKEN)).statusCode).toBe(200);
    for (const response of [
      await get(conversation, AUTOS_TOKEN),
      await get(`${conversation}/history`, AUTOS_TOKEN),
      await get('/api/v1/tenants/clinica/contacts', AUTOS_TOKEN),
      await get('/api/v1/tenants/clinica/summary', AUTOS_TOKEN),
      await post(`${conversation}/reset`, undefined, AUTOS_TOKEN),
      await server.app.inject({
        method: 'DELETE',
        url: `/api/v1/tenants/clinica/contacts/${ana.contactId}`,
        headers: { authorization: `Bearer ${AUTOS_TOKEN}` },
      }),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }

    const elsewhere = `/api/v1/tenants/autos/conversations/${ana.conversationId}`;
    for (const response of [
      await get(elsewhere, AUTOS_TOKEN),
      await get(`${elsewhere}/history`, AUTOS_TOKEN),
      await post(`${elsewhere}/reset`, undefined, AUTOS_TOKEN),
      await server.app.inject({
        method: 'DELETE',
        url: `/api/v1/tenants/autos/contacts/${ana.contactId}`,
        headers: { authorization: `Bearer ${AUTOS_TOKEN}` },
      }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    expect((await get('/api/v1/tenants/autos/contacts', AUTOS_TOKEN)).json().contacts).toEqual([]);
    expect((await get('/api/v1/tenants/autos/conversations', AUTOS_TOKEN)).json().conversations).toEqual([]);
    const stillThere = await server.db
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', ana.contactId)
      .execute();
    expect(stillThere).toHaveLength(1);

    const anonymous = await server.app.inject({ method: 'GET', url: conversation });
    expect(anonymous.statusCode).toBe(401);
    expect((await get('/api/v1/tenants/nadie/contacts')).json().error.code).toBe('not_found');
  });

  it("rejects bad input with 400 and the project's error body, and unknown ids with 404", async () => {
    server = await startTestServer({ dialect });
    const invalid = [
      '/api/v1/tenants/clinica/conversations?status=closed',
      '/api/v1/tenants/clinica/conversations?limit=0',
      '/api/v1/tenants/clinica/conversations?limit=abc',
      '/api/v1/tenants/clinica/contacts?limit=201',
      '/api/v1/tenants/clinica/contacts?activeWithinHours=-3',
      '/api/v1/tenants/clinica/contacts?cursor=not%20a%20cursor',
      '/api/v1/tenants/clinica/contacts?cursor=bm90LWpzb24',
      '/api/v1/tenants/clinica/summary?date=2026-13-45',
      '/api/v1/tenants/clinica/summary?date=ayer',
    ];
    for (const url of invalid) {
      const response = await get(url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.json().error).toEqual(
        expect.objectContaining({ code: 'invalid_request', message: expect.any(String) }),
      );
    }
    const status = (await get('/api/v1/tenants/clinica/conversations?status=closed')).json();
    expect(status.error.details).toEqual([expect.objectContaining({ where: 'querystring.status' })]);

    for (const response of [
      await get('/api/v1/tenants/clinica/conversations/conv_nope'),
      await get('/api/v1/tenants/clinica/conversations/conv_nope/history'),
      await post('/api/v1/tenants/clinica/conversations/conv_nope/reset'),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('publishes every admin endpoint with its response schema in the OpenAPI document', async () => {
    server = await startTestServer({ dialect, start: false });
    const document = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const expected: [string, string, string[]][] = [
      ['/api/v1/tenants/{tenant}/contacts', 'get', ['contacts', 'nextCursor']],
      ['/api/v1/tenants/{tenant}/contacts/{id}', 'delete', ['contactId', 'erased', 'eventsAnonymized']],
      ['/api/v1/tenants/{tenant}/conversations', 'get', ['conversations', 'nextCursor']],
      ['/api/v1/tenants/{tenant}/conversations/{id}', 'get', ['id', 'status', 'state', 'contact']],
      ['/api/v1/tenants/{tenant}/conversations/{id}/history', 'get', ['conversationId', 'messages', 'turns']],
      ['/api/v1/tenants/{tenant}/conversations/{id}/reset', 'post', ['id', 'status', 'state']],
      ['/api/v1/tenants/{tenant}/conversations/cleanup', 'post', ['closed', 'inactiveSince']],
      ['/api/v1/tenants/{tenant}/summary', 'get', ['date', 'messages', 'turns', 'conversations']],
    ];
    for (const [path, method, properties] of expected) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      const schema = operation.responses['200'].content['application/json'].schema;
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(properties));
      expect(operation.responses['404']).toBeDefined();
    }
  });
});
