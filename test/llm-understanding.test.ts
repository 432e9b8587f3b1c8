/**
 * The understanding fallback end to end: a message the embedded NLU names no intent for goes through the
 * real server to a scripted OpenAI-compatible model, whose structured answer starts a flow or, when it is
 * no use, leaves the clarifying question; on every engine.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { llmSchema } from '../src/llm/llm-config.ts';
import { DIALECTS } from './support/databases.ts';
import { contentText } from './support/fake-llm-server.ts';
import { useLlmTestServer } from './support/llm-test-server.ts';
import { testConfig } from './support/test-config.ts';
import type { TestTurn } from './support/test-server.ts';

/** Monday 23 November 2026, 09:00 in Bogotá. */
const MONDAY = '2026-11-23T09:00:00-05:00';
/** Below the clinic's threshold for the embedded NLU (no intent), with a `time` entity it does find. */
const UNCLEAR_BOOKING = 'me gustaría que me revisen la piel el viernes';

const clinic = {
  name: 'Clínica Bella Piel',
  skills: ['smalltalk', 'appointments', 'handoff'],
  business: { data: 'clinica/negocio.yaml' },
  nlu: { data: 'clinica/nlu.yml', threshold: 0.6, provider: 'embedded' as const, timeoutMs: 2000 },
};

function config(baseUrl: string) {
  return testConfig([
    {
      id: 'clinica',
      ...clinic,
      llm: llmSchema.parse({
        baseUrl,
        model: 'understand-test-model',
        maxRetries: 0,
        timeoutMs: 5000,
        uses: { rewrite: false, understand: true, knowledge: false, agent: false, media: false },
      }),
    },
    { id: 'clinica-sin-llm', ...clinic },
  ]);
}

const buttonIds = (turn: TestTurn) =>
  turn.replies.flatMap((reply) => reply.buttons ?? []).map((button) => button.id);

describe.each(DIALECTS)('LLM understanding fallback on %s', (dialect) => {
  const { llm, server } = useLlmTestServer(dialect, config);
  let customers = 0;
  let seen = 0;

  beforeEach(() => {
    seen = llm.chatRequests().length;
  });

  const newCustomer = () => `57300666${String(++customers).padStart(4, '0')}`;
  const say = (tenant: string, from: string, text: string) =>
    server.turn(tenant, { from, text, now: MONDAY });

  it('starts the booking flow when the model picks agendar_cita for a message the NLU did not understand', async () => {
    const withoutModel = await say('clinica-sin-llm', newCustomer(), UNCLEAR_BOOKING);
    expect(withoutModel.turn.intent).toBeNull();

    llm.enqueueChat({ json: { intent: 'agendar_cita', entities: [] } });
    const turn = await say('clinica', newCustomer(), UNCLEAR_BOOKING);
    expect(turn.turn).toMatchObject({ intent: 'agendar_cita', skill: 'appointments' });
    expect(buttonIds(turn)).toContain('limpieza-facial');

    const [request] = llm.chatRequests().slice(seen);
    expect(request!.response_format?.json_schema?.schema).toMatchObject({
      properties: { intent: { enum: expect.arrayContaining(['agendar_cita', 'hablar_con_humano', 'none']) } },
    });
    expect(request!.messages.at(-1)).toEqual({ role: 'user', content: UNCLEAR_BOOKING });
    expect(contentText(request!.messages[0]!.content)).not.toContain(UNCLEAR_BOOKING);

    const row = await server.db
      .selectFrom('turns')
      .select(['intent', 'confidence', 'llm_usage'])
      .where('id', '=', turn.turn.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ intent: 'agendar_cita', confidence: 0.6 });
    expect(JSON.parse(row.llm_usage!)).toEqual([
      expect.objectContaining({ purpose: 'understand', outcome: 'ok' }),
    ]);
  });

  it('asks the clarifying question for invalid JSON, an unknown intent or "none"', async () => {
    const clarifying = await say('clinica-sin-llm', newCustomer(), 'el perro se comió mi tarea');
    expect(clarifying.turn.intent).toBeNull();
    expect(buttonIds(clarifying)).toContain('agendar_cita');

    llm.enqueueChat(
      { text: '{"intent": "agendar_cita", "entities": [' },
      { json: { intent: 'borrar_citas_de_todos', entities: [] } },
      { json: { intent: 'none', entities: [] } },
    );
    for (let answer = 0; answer < 3; answer++) {
      const turn = await say('clinica', newCustomer(), 'el perro se comió mi tarea');
      expect(turn.turn).toMatchObject({ intent: null, skill: clarifying.turn.skill });
      expect(turn.replies).toEqual(clarifying.replies);
    }
    expect(llm.chatRequests().slice(seen)).toHaveLength(3);
  });

  it('leaves answers to a flow question to the flow, without asking the model', async () => {
    const from = newCustomer();
    await say('clinica', from, 'quiero agendar una cita');
    const before = llm.chatRequests().length;
    const answered = await say('clinica', from, 'masaje');
    expect(answered.turn.skill).toBe('appointments');
    expect(llm.chatRequests().length).toBe(before);
  });
});
