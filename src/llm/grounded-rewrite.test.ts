import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import {
  contentText,
  startFakeLlmServer,
  type FakeChatRequestBody,
  type FakeLlmServer,
} from '../../test/support/fake-llm-server.ts';
import { rewriteReply, type RewriteRequest } from './grounded-rewrite.ts';
import type { LlmClient, LlmUsage } from './llm.ts';
import { llmTenant, llmTestClient, openLlmTestDatabase } from './test-support.ts';

const TEMPLATE =
  'Tu masaje relajante con Laura quedó para el viernes 27 de noviembre, 3:00 p. m. Valor: $90.000.';
const VARIABLES = {
  service: 'Masaje relajante',
  professional: 'Laura',
  when: 'viernes 27 de noviembre, 3:00 p. m.',
  price: '$90.000',
};

/** The reply-and-facts object of a rewrite request (its last message). */
function draftOf(body: FakeChatRequestBody): { reply: string; facts: Record<string, string> } {
  return JSON.parse(contentText(body.messages.at(-1)!.content)) as never;
}

describe.each(DIALECTS)('grounded rewrite on %s', (dialect) => {
  let server: FakeLlmServer;
  let database: Awaited<ReturnType<typeof openLlmTestDatabase>>;
  let client: LlmClient;
  let usages: LlmUsage[];

  beforeAll(async () => {
    server = await startFakeLlmServer();
    const tenant = llmTenant(server, { timeoutMs: 5000, persona: 'alegre y cercana' });
    database = await openLlmTestDatabase(dialect, [tenant]);
    client = llmTestClient(tenant, database.db).client;
  });
  afterAll(async () => {
    await server.stop();
    await database.close();
  });

  function rewrite(overrides: Partial<RewriteRequest> = {}) {
    usages = [];
    return rewriteReply(client, {
      locale: 'es',
      text: TEMPLATE,
      variables: VARIABLES,
      history: [
        { direction: 'in', text: 'hola' },
        { direction: 'out', text: '¡Hola! ¿En qué te ayudo?' },
      ],
      message: 'sí, para el viernes en la tarde',
      call: { purpose: 'rewrite', turnKey: 'k1', onUsage: (usage) => usages.push(usage) },
      ...overrides,
    });
  }

  it('sends the persona as instructions, the conversation as its roles, and the reply with its facts', async () => {
    const before = server.chatRequests().length;
    server.enqueueChat({
      text: '"¡Genial! Laura te espera el viernes 27 de noviembre a las 3:00 p. m. para tu masaje relajante, por $90.000."',
    });
    expect(await rewrite()).toEqual({
      outcome: 'rewritten',
      text: '¡Genial! Laura te espera el viernes 27 de noviembre a las 3:00 p. m. para tu masaje relajante, por $90.000.',
    });
    const [body] = server.chatRequests().slice(before);
    const [system, ...rest] = body!.messages;
    expect(system!.role).toBe('system');
    expect(system!.content).toContain('alegre y cercana');
    expect(system!.content).not.toContain('viernes');
    expect(rest.slice(0, 3)).toEqual([
      { role: 'user', content: 'hola' },
      { role: 'assistant', content: '¡Hola! ¿En qué te ayudo?' },
      { role: 'user', content: 'sí, para el viernes en la tarde' },
    ]);
    expect(draftOf(body!)).toEqual({ reply: TEMPLATE, facts: VARIABLES });
    expect(usages).toEqual([expect.objectContaining({ purpose: 'rewrite', outcome: 'ok' })]);
  });

  it('sends the template when the rewrite changes a price, and records the call as rejected', async () => {
    server.enqueueChat({
      text: 'Laura te espera el viernes 27 de noviembre, 3:00 p. m., masaje relajante por $80.000.',
    });
    const result = await rewrite({
      call: { purpose: 'rewrite', turnKey: 'price-change', onUsage: (u) => usages.push(u) },
    });
    expect(result).toMatchObject({ outcome: 'rejected', text: TEMPLATE, verdict: { added: ['80.000'] } });
    expect(usages).toEqual([expect.objectContaining({ outcome: 'rejected' })]);
    const rows = await database.db
      .selectFrom('llm_calls')
      .select(['purpose', 'outcome'])
      .where('turn_key', '=', 'price-change')
      .execute();
    expect(rows).toEqual([{ purpose: 'rewrite', outcome: 'rejected' }]);
  });

  it('sends the template when the model echoes JSON, says nothing, runs far longer or fails', async () => {
    server.respondToChat((body) => ({ text: JSON.stringify(draftOf(body)) }));
    expect(await rewrite()).toEqual({ outcome: 'unavailable', text: TEMPLATE });
    server.enqueueChat({ text: '   ' });
    expect(await rewrite()).toEqual({ outcome: 'unavailable', text: TEMPLATE });
    server.enqueueChat({ text: `${TEMPLATE} ${'Te va a encantar, es lo mejor para relajarse. '.repeat(8)}` });
    expect(await rewrite()).toMatchObject({ outcome: 'rejected', text: TEMPLATE });
    server.enqueueChat({ status: 503 });
    expect(await rewrite()).toEqual({ outcome: 'unavailable', text: TEMPLATE });
    expect(usages).toEqual([expect.objectContaining({ outcome: 'error' })]);
  });

  it('leaves out an empty customer message (a tap on a button)', async () => {
    const before = server.chatRequests().length;
    server.enqueueChat({ text: TEMPLATE });
    await rewrite({ message: '', history: [] });
    const [body] = server.chatRequests().slice(before);
    expect(body!.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });
});
