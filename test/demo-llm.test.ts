/**
 * The demo with a language model: `LLM_BASE_URL` pointing at an OpenAI-compatible server makes the three
 * demo tenants answer through it, and when that server stops mid-conversation they go on answering from
 * their templates, without a failed turn. On every engine.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIspBackend, type IspBackend } from '../examples/isp-backend/server.ts';
import { DIALECTS } from './support/databases.ts';
import {
  contentText,
  startFakeLlmServer,
  type FakeChatRequestBody,
  type FakeChatScript,
  type FakeLlmServer,
} from './support/fake-llm-server.ts';
import { demoTestConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const MODEL_WORDS = 'Con mucho gusto:';
const ISP_TOKEN = 'demo-llm-isp-backend-token';
const TENANTS = ['clinica', 'autos', 'isp'] as const;

/**
 * A model that does what each use asks: a rewrite keeps the draft and puts a few words first; a choice of
 * intent or a knowledge answer says it has none (the templates' path); the agent answers in a sentence.
 */
function cooperativeModel(body: FakeChatRequestBody): FakeChatScript {
  const schema = body.response_format?.json_schema?.name;
  if (schema === 'knowledge_answer') return { json: { answered: false, answer: '', document: '' } };
  if (schema) return { json: { intent: 'none', entities: [] } };
  if (body.tools?.length) return { text: `${MODEL_WORDS} ¿en qué más le ayudo?` };
  const draft = JSON.parse(contentText(body.messages.at(-1)?.content)) as { reply: string };
  return { text: `${MODEL_WORDS} ${draft.reply}` };
}

describe.each(DIALECTS)('the demo with LLM_BASE_URL on %s', (dialect) => {
  let llm: FakeLlmServer;
  let isp: IspBackend;
  let server: TestServer;

  beforeAll(async () => {
    llm = await startFakeLlmServer();
    llm.respondToChat(cooperativeModel);
    isp = await startIspBackend({ port: 0, token: ISP_TOKEN, host: '127.0.0.1' });
    const config = demoTestConfig({
      LLM_BASE_URL: llm.baseUrl,
      LLM_API_KEY: 'sk-demo-test',
      LLM_MODEL: 'demo-model',
      ISP_BACKEND_URL: isp.url,
      ISP_BACKEND_TOKEN: ISP_TOKEN,
    });
    server = await startTestServer({ dialect, config });
  });
  afterAll(async () => {
    await server?.close();
    await isp?.close();
    await llm?.stop();
  });

  it('answers through the model, then from templates once the model server stops, with no failed turn', async () => {
    for (const tenant of TENANTS) {
      const turn = await server.say(tenant, '573001112233', 'hola');
      expect(turn.replies[0]?.text.startsWith(MODEL_WORDS), `${tenant}: ${turn.replies[0]?.text}`).toBe(true);
    }
    const rewrites = llm.chatRequests().filter((body) => !body.tools && !body.response_format);
    expect(rewrites.length).toBeGreaterThanOrEqual(TENANTS.length);
    expect(rewrites.every((body) => body.model === 'demo-model')).toBe(true);
    expect(llm.requests.at(-1)?.headers.authorization).toBe('Bearer sk-demo-test');

    const booking = await server.say('clinica', '573004445566', 'quiero agendar una limpieza facial');
    expect(booking.replies[0]?.text.startsWith(MODEL_WORDS)).toBe(true);

    await llm.stop();
    const requestsBefore = llm.requests.length;
    const afterOutage = [
      await server.say('clinica', '573004445566', 'el viernes a las 10 de la mañana'),
      await server.say('clinica', '573004445566', 'hola'),
      await server.say('autos', '573001112233', 'busco una camioneta familiar'),
      await server.say('isp', '573001112233', 'no tengo internet'),
    ];
    for (const turn of afterOutage) {
      expect(turn.replies.length).toBeGreaterThan(0);
      for (const reply of turn.replies) expect(reply.text.startsWith(MODEL_WORDS)).toBe(false);
    }
    expect(llm.requests.length).toBe(requestsBefore);

    const failed = await server.db
      .selectFrom('messages')
      .select(sql<number>`count(*)`.as('count'))
      .where('direction', '=', 'in')
      .where((where) => where.or([where('status', '=', 'failed'), where('attempts', '>', 0)]))
      .executeTakeFirstOrThrow();
    expect(Number(failed.count)).toBe(0);
    const errors = await server.db
      .selectFrom('llm_calls')
      .select(sql<number>`count(*)`.as('count'))
      .where('outcome', '=', 'error')
      .executeTakeFirstOrThrow();
    expect(Number(errors.count)).toBeGreaterThan(0);
  });
});
