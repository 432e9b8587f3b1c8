/**
 * Knowledge answers with a language model (both engines), against the fake OpenAI-compatible server: the
 * hybrid index and its stored vectors, embedded again only for passages whose text changed; answers written
 * from the retrieved passages and naming their document; "no lo sé" and refused answers; and the passage
 * answer of a tenant without a model whenever the provider fails.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../src/tenancy/config-schema.ts';
import { DIALECTS } from './support/databases.ts';
import {
  bagOfWordsEmbedding,
  contentText,
  FAKE_EMBEDDING_DIMENSION,
  startFakeLlmServer,
  type FakeLlmServer,
} from './support/fake-llm-server.ts';
import { testConfig } from './support/test-config.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

const HOURS = [
  '# Horarios de atención',
  '',
  '## Entre semana',
  '',
  'Atendemos de lunes a viernes de 8:00 a 18:00 en jornada continua, sin cerrar al mediodía para almorzar.',
  '',
  '## Sábados',
  '',
  'Los sábados abrimos de 9:00 a 13:00 solo con cita previa; los domingos y festivos la clínica está cerrada.',
].join('\n');
const PETS = [
  '# Mascotas',
  '',
  'Se admiten animales de compañía pequeños en la sala de espera, siempre con correa o en su guacal.',
].join('\n');

const SATURDAY_ANSWER = 'Según horarios.md, los sábados abrimos de 9:00 a 13:00 con cita previa.';
const SATURDAY_SOURCE = '_Fuente: Horarios de atención › Sábados (horarios.md)_';
const NOT_FOUND =
  'No encontré información sobre eso en nuestros documentos. Si quieres, te comunico con una persona de nuestro equipo.';

function config(llm: FakeLlmServer, uses: { rewrite?: boolean } = {}) {
  return testConfig([
    {
      id: 'clinica',
      skills: ['knowledge', 'smalltalk', 'handoff'],
      llm: {
        baseUrl: llm.baseUrl,
        model: 'fake-chat',
        embeddingModel: 'fake-embed',
        timeoutMs: 3000,
        maxRetries: 0,
        uses: { rewrite: false, understand: false, knowledge: true, agent: false, media: false, ...uses },
      } as TenantConfig['llm'],
    },
  ]);
}

describe.each(DIALECTS)('knowledge answers with a language model on %s', (dialect) => {
  let llm: FakeLlmServer;
  let server: TestServer;
  let contact = 0;

  beforeEach(async () => {
    llm = await startFakeLlmServer();
    server = await startTestServer({ dialect, config: config(llm) });
    await putDocument('horarios.md', HOURS);
    await putDocument('mascotas.md', PETS);
  });
  afterEach(async () => {
    await server.close();
    await llm.stop();
  });

  async function putDocument(name: string, content: string): Promise<void> {
    const response = await server.app.inject({
      method: 'PUT',
      url: `/api/v1/tenants/clinica/knowledge/documents/${name}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { content },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
  }

  /** Each question from a new contact, so no hand-off policy counts earlier turns. */
  function ask(text: string): Promise<TestTurn> {
    contact += 1;
    return server.say('clinica', `57300${String(contact).padStart(7, '0')}`, text);
  }

  const replyOf = (turn: TestTurn) => turn.replies.map((reply) => reply.text).join('\n');
  const embeddingInputs = () =>
    llm.requests
      .filter((request) => request.path === '/v1/embeddings')
      .map((request) => (request.json as { input: string[] }).input);
  const storedVectors = () =>
    server.db
      .selectFrom('knowledge_vectors')
      .selectAll()
      .orderBy('document')
      .orderBy('content_hash')
      .execute();
  const modelAnswer = (answer: { answered: boolean; answer: string; document: string }) =>
    llm.enqueueChat({ json: answer });

  it('stores the passages’ vectors, and embeds again only the passages whose text changed', async () => {
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    await ask('abren los sabados?');
    // The index: every passage in one request; then the question, on its own.
    expect(embeddingInputs()).toEqual([
      [
        expect.stringContaining('Entre semana'),
        expect.stringContaining('Sábados'),
        expect.stringContaining('animales de compañía'),
      ],
      ['abren los sabados?'],
    ]);
    const vectors = await storedVectors();
    expect(vectors.map((row) => [row.tenant_id, row.document, row.model, row.dimensions])).toEqual([
      ['clinica', 'horarios.md', 'fake-embed', FAKE_EMBEDDING_DIMENSION],
      ['clinica', 'horarios.md', 'fake-embed', FAKE_EMBEDDING_DIMENSION],
      ['clinica', 'mascotas.md', 'fake-embed', FAKE_EMBEDDING_DIMENSION],
    ]);
    expect(JSON.parse(vectors[2]!.vector)).toHaveLength(FAKE_EMBEDDING_DIMENSION);

    // The same document stored again: a new version, but no passage to embed.
    await putDocument('horarios.md', HOURS);
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    await ask('abren los sabados?');
    expect(embeddingInputs()).toHaveLength(3);
    expect(embeddingInputs()[2]).toEqual(['abren los sabados?']);
    expect(await storedVectors()).toEqual(vectors);

    // One section changed: only its passage is embedded, and its old vector is gone.
    await putDocument('horarios.md', HOURS.replace('de 9:00 a 13:00', 'de 8:00 a 12:00'));
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    await ask('abren los sabados?');
    const [changed, question] = embeddingInputs().slice(3);
    expect(changed).toEqual([expect.stringContaining('de 8:00 a 12:00')]);
    expect(question).toEqual(['abren los sabados?']);
    const afterChange = await storedVectors();
    expect(afterChange).toHaveLength(3);
    expect(
      afterChange.filter((row) => vectors.some((old) => old.content_hash === row.content_hash)),
    ).toHaveLength(2);

    // A deleted document takes its vectors with it.
    const deleted = await server.request('DELETE', '/api/v1/tenants/clinica/knowledge/documents/mascotas.md');
    expect(deleted.statusCode).toBe(200);
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    await ask('abren los sabados?');
    expect(embeddingInputs().slice(5)).toEqual([['abren los sabados?']]);
    expect((await storedVectors()).map((row) => row.document)).toEqual(['horarios.md', 'horarios.md']);
  });

  it('answers from the retrieved passages, naming the document, with the question as the user message', async () => {
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    const turn = await ask('abren los sabados?');
    expect(turn.turn.skill).toBe('knowledge');
    expect(replyOf(turn)).toBe(`${SATURDAY_ANSWER}\n\n${SATURDAY_SOURCE}`);

    const [request] = llm.chatRequests();
    expect(request?.response_format?.json_schema?.name).toBe('knowledge_answer');
    const [instructions, question, ...rest] = request?.messages ?? [];
    expect(rest).toEqual([]);
    expect(instructions?.role).toBe('system');
    const system = contentText(instructions?.content);
    expect(system).toContain('[1] horarios.md — Horarios de atención › Sábados');
    expect(system).toContain('de 9:00 a 13:00 solo con cita previa');
    expect(system).not.toContain('abren los sabados');
    expect(question).toEqual({ role: 'user', content: 'abren los sabados?' });

    const [recorded] = await server.db.selectFrom('turns').select('llm_usage').execute();
    const usage = JSON.parse(recorded?.llm_usage ?? '[]') as { purpose: string; outcome: string }[];
    expect(usage.map((call) => [call.purpose, call.outcome])).toEqual([
      ['embed', 'ok'],
      ['embed', 'ok'],
      ['knowledge', 'ok'],
    ]);
  });

  it('does not rewrite an answer the model wrote, while the passage answer is rewritten', async () => {
    await server.close();
    server = await startTestServer({ dialect, config: config(llm, { rewrite: true }) });
    await putDocument('horarios.md', HOURS);
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    const written = await ask('abren los sabados?');
    expect(replyOf(written)).toBe(`${SATURDAY_ANSWER}\n\n${SATURDAY_SOURCE}`);
    expect(llm.chatRequests()).toHaveLength(1);

    // The model gives no usable answer: the passage answer goes through the rewrite like any template.
    llm.enqueueChat({ text: 'no es JSON' });
    await ask('abren los sabados?');
    const rewrite = llm.chatRequests()[2];
    expect(contentText(rewrite?.messages.at(-1)?.content)).toContain('solo con cita previa');
  });

  it('finds by meaning a passage that shares no word with the question', async () => {
    // An embedding model places a dog and a pet close together: the fake one is told so, the topic
    // weighing more than the other words, as meaning does in a real model's vectors.
    llm.embedWith((text) =>
      bagOfWordsEmbedding(
        text.replace(/\b(perro|perrito|gato|mascotas?|animales)\b/giu, 'mascota mascota mascota'),
      ),
    );
    const answer = 'Según mascotas.md, puede venir con su perro si es pequeño y lo trae con correa.';
    modelAnswer({ answered: true, answer, document: 'Mascotas' });
    const turn = await ask('puedo ir con mi perrito?');
    expect(replyOf(turn)).toBe(`${answer}\n\n_Fuente: Mascotas (mascotas.md)_`);
    expect(contentText(llm.chatRequests()[0]?.messages[0]?.content)).toContain('[1] mascotas.md — Mascotas');
  });

  it('offers a person when the model says the passages do not answer the question', async () => {
    modelAnswer({ answered: false, answer: 'No lo sé; puedo consultarlo con una persona.', document: '' });
    const turn = await ask('abren los sabados en diciembre?');
    expect(llm.chatRequests()).toHaveLength(1);
    expect(turn.turn.skill).toBe('knowledge');
    expect(turn.replies).toEqual([
      expect.objectContaining({ text: NOT_FOUND, buttons: [{ id: 'handoff', title: expect.any(String) }] }),
    ]);
  });

  it('refuses an answer naming a document that was not among the passages, and gives the passage', async () => {
    modelAnswer({
      answered: true,
      answer: 'Según precios.md, los sábados no abrimos.',
      document: 'precios.md',
    });
    const turn = await ask('abren los sabados?');
    const reply = replyOf(turn);
    expect(reply).not.toContain('precios.md');
    expect(reply).toContain('Los sábados abrimos de 9:00 a 13:00 solo con cita previa');
    expect(reply).toContain(SATURDAY_SOURCE);
    const calls = await server.db.selectFrom('llm_calls').select(['purpose', 'outcome']).execute();
    expect(calls).toContainEqual({ purpose: 'knowledge', outcome: 'rejected' });
  });

  it('searches words only while embeddings fail, and answers from the passage while the provider is down', async () => {
    llm.failNext('embeddings', { status: 503 });
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    const lexical = await ask('abren los sabados?');
    expect(replyOf(lexical)).toBe(`${SATURDAY_ANSWER}\n\n${SATURDAY_SOURCE}`);
    expect(embeddingInputs()).toHaveLength(1); // the index's, which failed; no question vector without it
    expect(await storedVectors()).toEqual([]);

    await llm.stop();
    const down = await ask('abren los sabados?');
    expect(down.turn.skill).toBe('knowledge');
    expect(replyOf(down)).toContain('Los sábados abrimos de 9:00 a 13:00 solo con cita previa');
    expect(replyOf(down)).toContain(SATURDAY_SOURCE);

    await llm.restart();
    modelAnswer({ answered: true, answer: SATURDAY_ANSWER, document: 'horarios.md' });
    const back = await ask('abren los sabados?');
    expect(replyOf(back)).toBe(`${SATURDAY_ANSWER}\n\n${SATURDAY_SOURCE}`);
    expect(await storedVectors()).toHaveLength(3);
  });
});
