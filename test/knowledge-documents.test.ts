/**
 * Knowledge documents added, replaced and deleted through the admin API, stored in the database (both
 * engines) and answered from on the next turn; and the three demo businesses answering from their folders.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTenantKnowledge } from '../src/skills/knowledge/tenant-knowledge.ts';
import { DIALECTS } from './support/databases.ts';
import { demoTestConfig } from './support/test-config.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

const NOW = '2026-11-23T09:00:00-05:00';
const PROMOTIONS = [
  '# Promociones de temporada',
  '',
  '## Black Friday',
  '',
  'Del 27 al 30 de noviembre el plan Nova 600 cuesta la mitad durante los primeros tres meses para clientes nuevos.',
].join('\n');

describe.each(DIALECTS)('knowledge documents on %s', (dialect) => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ dialect, config: demoTestConfig() });
  });
  afterEach(async () => {
    await server.close();
  });

  async function say(tenant: string, from: string, text: string): Promise<TestTurn> {
    return server.turn(tenant, { from, text, now: NOW });
  }
  const replyOf = (turn: TestTurn) => turn.replies.map((reply) => reply.text).join('\n');

  function put(tenant: string, name: string, payload: unknown, token = ADMIN_TOKEN) {
    return server.app.inject({
      method: 'PUT',
      url: `/api/v1/tenants/${tenant}/knowledge/documents/${encodeURIComponent(name)}`,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });
  }

  it('answers from a document added through the API from the next turn, and forgets it once deleted', async () => {
    const question = 'tienen alguna promocion de black friday?';
    const before = await say('isp', '573201000001', question);
    expect(replyOf(before)).not.toContain('promociones.md');

    const added = await put('isp', 'promociones.md', { content: PROMOTIONS });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ name: 'promociones.md', replaced: false, passages: 1 });

    // Another contact: a second question in a row the bot did not understand would go to a person.
    const after = await say('isp', '573201000004', question);
    expect(after.turn.skill).toBe('knowledge');
    expect(replyOf(after)).toContain('la mitad durante los primeros tres meses');
    expect(replyOf(after)).toContain('Promociones de temporada › Black Friday (promociones.md)');

    const listed = await server.request('GET', '/api/v1/tenants/isp/knowledge/documents');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'planes.md', origin: 'folder', inFolder: true, updatedAt: null }),
        expect.objectContaining({ name: 'promociones.md', origin: 'stored', inFolder: false }),
      ]),
    );
    const stored = await server.db.selectFrom('knowledge_documents').selectAll().execute();
    expect(stored).toEqual([
      expect.objectContaining({ tenant_id: 'isp', name: 'promociones.md', content: PROMOTIONS }),
    ]);

    const deleted = await server.request('DELETE', '/api/v1/tenants/isp/knowledge/documents/promociones.md');
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ name: 'promociones.md', deleted: true, restoredFromFolder: false });
    const gone = await say('isp', '573201000005', question);
    expect(replyOf(gone)).not.toContain('promociones.md');
  });

  it('replaces a folder document with a stored one, and gives the file back when that is deleted', async () => {
    const replaced = await put('clinica', 'politicas.md', {
      content:
        '# Políticas\n\n## Mascotas\n\nLas mascotas pequeñas pueden entrar a la sala de espera con correa.',
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ replaced: true });
    const detail = await server.request('GET', '/api/v1/tenants/clinica/knowledge/documents/politicas.md');
    expect(detail.json()).toMatchObject({ origin: 'stored', inFolder: true });
    expect(
      replyOf(await say('clinica', '573201000002', 'las mascotas pueden entrar a la sala de espera?')),
    ).toContain('con correa');

    const deleted = await server.request(
      'DELETE',
      '/api/v1/tenants/clinica/knowledge/documents/politicas.md',
    );
    expect(deleted.json()).toEqual({ name: 'politicas.md', deleted: true, restoredFromFolder: true });
    const folder = await server.request('GET', '/api/v1/tenants/clinica/knowledge/documents/politicas.md');
    expect(folder.json()).toMatchObject({ origin: 'folder', updatedAt: null });
    expect(folder.json().content).not.toContain('Mascotas');
  });

  it('refuses a bad document with a clear error and changes nothing', async () => {
    const badName = await put('isp', 'promociones.txt', { content: PROMOTIONS });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.message).toContain('must be a file name ending in .md');

    const empty = await put('isp', 'vacio.md', { content: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('is empty');

    const headingsOnly = await put('isp', 'titulos.md', { content: '# Título\n\n## Sección' });
    expect(headingsOnly.statusCode).toBe(400);
    expect(headingsOnly.json().error.message).toContain('no text under them');

    expect(await server.db.selectFrom('knowledge_documents').selectAll().execute()).toEqual([]);
  });

  it('does not delete a folder file, and says what to do instead', async () => {
    const response = await server.request('DELETE', '/api/v1/tenants/isp/knowledge/documents/planes.md');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('delete the file there');
    const missing = await server.request('DELETE', '/api/v1/tenants/isp/knowledge/documents/nada.md');
    expect(missing.statusCode).toBe(404);
  });

  it('keeps one tenant out of another tenant’s documents', async () => {
    const config = demoTestConfig({ CLINICA_API_TOKEN: 'clinica-token-0123456789' });
    await server.close();
    server = await startTestServer({ dialect, config });
    const response = await put('isp', 'promociones.md', { content: PROMOTIONS }, 'clinica-token-0123456789');
    expect(response.statusCode).toBe(403);
    expect(await server.db.selectFrom('knowledge_documents').selectAll().execute()).toEqual([]);
  });

  it('builds the knowledge of another process (or a restart) from the stored documents', async () => {
    await put('autos', 'garantia.md', {
      content:
        '# Garantía\n\n## Garantía extendida\n\nTodos los autos seminuevos tienen garantía extendida de 12 meses en motor y transmisión.',
    });
    const loaded = demoTestConfig();
    const tenant = loaded.config.tenants.find((candidate) => candidate.id === 'autos')!;
    const knowledge = createTenantKnowledge(tenant, { db: server.db, baseDir: loaded.baseDir });
    const answer = await (await knowledge.base()).answer('cuanto dura la garantia extendida');
    expect(answer).toMatchObject({ found: true, source: { document: 'garantia.md' } });
  });

  it('answers the clinic’s and the car dealer’s questions from their folders', async () => {
    const clinic = await say('clinica', '573201000003', 'aceptan nequi?');
    expect(clinic.turn).toMatchObject({ intent: 'pregunta_general', skill: 'knowledge' });
    expect(replyOf(clinic)).toContain('Nequi');
    expect(replyOf(clinic)).toContain('(ubicacion-y-pagos.md)');

    const cars = await say('autos', '5215512340001', 'tienen sucursal en monterrey?');
    expect(replyOf(cars)).toContain('San Pedro Garza García');
    expect(replyOf(cars)).toContain('(sedes.md)');
  });
});
