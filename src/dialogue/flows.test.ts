import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../core/json.ts';
import { createEntityExtractor } from '../nlu/entities/index.ts';
import type { ParseResult, Understander } from '../nlu/parse-result.ts';
import type { ConversationState, Skill } from '../skills/skill.ts';
import { createSmalltalkSkill } from '../skills/smalltalk/index.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { testTenant } from '../../test/support/test-config.ts';
import type { Flow, SlotValues, TimeSlotValue } from './flow.ts';
import { FLOW_IDLE_LIMIT_MS } from './flow-state.ts';
import { formatDateTime, formatMoney } from './format.ts';
import { createTurnEngine, type TurnEngineOptions, type TurnOutcome } from './turn-engine.ts';

const NOW = new Date('2026-11-23T14:00:00.000Z'); // Monday 09:00 in Bogotá

/**
 * The tenant's entities for real (times, numbers, the `service` lookup), with intents fixed per text:
 * the NLU is not what these tests are about.
 */
function understander(intents: Record<string, string>): Understander {
  const extractor = createEntityExtractor({
    lookups: {
      service: [
        { value: 'limpieza', synonyms: ['limpieza dental', 'cleaning'] },
        { value: 'blanqueamiento', synonyms: ['whitening'] },
      ],
    },
  });
  return {
    async parse(text, options): Promise<ParseResult> {
      const name = intents[text] ?? null;
      return {
        text,
        intent: { name, confidence: name ? 0.95 : 0.3 },
        intent_ranking: name ? [{ name, confidence: 0.95 }] : [],
        entities: extractor.extract(text, options),
      };
    },
  };
}

const INTENTS: Record<string, string> = {
  'quiero una cita': 'agendar',
  'quiero una cita de limpieza mañana a las 10': 'agendar',
  'quiero agendar una limpieza': 'agendar',
  'cuanto cuesta la limpieza?': 'precio',
  'I want to book an appointment for tomorrow at 10': 'agendar',
  hola: 'saludo',
};

const SERVICES = [
  { id: 'limpieza', title: 'Limpieza dental' },
  { id: 'blanqueamiento', title: 'Blanqueamiento' },
  { id: 'ortodoncia', title: 'Ortodoncia' },
];

/** A toy appointments skill: a two-slot booking flow (a choice and a time) with a confirmation. */
function agendaSkill() {
  const booked: SlotValues[] = [];
  const booking: Flow = {
    name: 'booking',
    intents: ['agendar'],
    title: 'agenda.flow_booking',
    slots: [
      {
        name: 'service',
        type: 'choice',
        prompt: 'agenda.ask_service',
        options: () => SERVICES,
      },
      {
        name: 'time',
        type: 'time',
        prompt: 'agenda.ask_time',
        validate(value, context) {
          const time = value as unknown as TimeSlotValue;
          if (typeof time.value !== 'string' || !['hour', 'minute'].includes(time.grain ?? ''))
            return { template: 'agenda.need_hour' };
          if (Date.parse(time.value) <= context.now.getTime()) return { template: 'agenda.past' };
          return null;
        },
      },
    ],
    confirm: 'agenda.confirm',
    variables(context, slots) {
      const service = SERVICES.find((option) => option.id === slots.service)?.title ?? '';
      const time = slots.time as unknown as TimeSlotValue | undefined;
      const when = typeof time?.value === 'string' ? formatDateTime(time.value, context) : '';
      return { service, when };
    },
    async complete(context, slots) {
      context.effects.push(async () => {
        booked.push(slots);
      });
      context.say('agenda.booked');
    },
  };
  const skill: Skill = {
    name: 'agenda',
    intents: ['agendar'],
    flows: [booking],
    mainOptions: [{ intent: 'agendar', title: 'agenda.option_book' }],
    templates: {
      es: {
        'agenda.flow_booking': 'tu cita',
        'agenda.option_book': 'Agendar una cita',
        'agenda.ask_service': '¿Qué servicio quieres?',
        'agenda.ask_time': '¿Para cuándo quieres tu cita de {service}?',
        'agenda.need_hour': '¿A qué hora te queda bien?',
        'agenda.past': 'Esa hora ya pasó.',
        'agenda.confirm': '¿Confirmo tu cita de {service} el {when}?',
        'agenda.booked': '¡Listo, quedó agendada!',
      },
      en: {
        'agenda.flow_booking': 'your appointment',
        'agenda.option_book': 'Book an appointment',
        'agenda.ask_service': 'Which service would you like?',
        'agenda.ask_time': 'When would you like your {service} appointment?',
        'agenda.need_hour': 'What time suits you?',
        'agenda.past': 'That time has passed.',
        'agenda.confirm': 'Shall I confirm your {service} appointment on {when}?',
        'agenda.booked': 'Done, it is booked!',
      },
    },
    async handle() {
      throw new Error('the booking flow answers "agendar", not handle');
    },
  };
  return { skill, booked };
}

/** A skill without flows that answers prices, in the tenant's money format. */
const pricesSkill: Skill = {
  name: 'precios',
  intents: ['precio'],
  templates: {
    es: { 'precios.price': 'La limpieza cuesta {price}.' },
    en: { 'precios.price': 'A cleaning costs {price}.' },
  },
  async handle(context) {
    context.say('precios.price', { price: formatMoney(90000, context) });
  },
};

/**
 * A conversation with one engine: each turn's state goes through JSON, as the pipeline stores it, and
 * comes back as the next turn's state.
 */
function conversation(tenant: TenantConfig = testTenant(), options: TurnEngineOptions = {}) {
  const agenda = agendaSkill();
  const skills = [agenda.skill, pricesSkill, createSmalltalkSkill(() => ['smalltalk.capability'])];
  const engine = createTurnEngine(tenant, skills, understander(INTENTS), options);
  let state: ConversationState = {};
  const effects: TurnOutcome['effects'] = [];
  return {
    booked: agenda.booked,
    effects,
    get state() {
      return state;
    },
    async say(text: string, buttonId?: string) {
      const outcome = await engine.run({
        conversation: { id: 'conv_1', status: 'bot', state },
        contact: { id: 'ct_1', name: 'Ana', externalId: '573001234567' },
        text,
        ...(buttonId ? { buttonId } : {}),
        now: NOW,
        turnKey: `turn_${effects.length}_${text}`,
      });
      state = JSON.parse(JSON.stringify(outcome.state)) as ConversationState;
      effects.push(...outcome.effects);
      return outcome;
    },
  };
}

const texts = (outcome: TurnOutcome) => outcome.replies.map((reply) => reply.text);

/** Runs the effects queued so far, as the turn's commit would. */
async function commit(effects: TurnOutcome['effects']) {
  for (const effect of effects.splice(0)) await effect(undefined as never);
}

const TUESDAY_10 = 'martes 24 de noviembre, 10:00 a. m.';
const SERVICE_BUTTONS = SERVICES;
const YES_NO = [
  { id: 'yes', title: 'Sí' },
  { id: 'no', title: 'No' },
];

describe('declarative flows in the turn engine', () => {
  it('fills every slot from the entities of one message and asks only for the confirmation', async () => {
    const chat = conversation();
    const outcome = await chat.say('quiero una cita de limpieza mañana a las 10');
    expect(outcome.skill).toBe('agenda');
    expect(outcome.replies).toEqual([
      {
        text: `¿Confirmo tu cita de Limpieza dental el ${TUESDAY_10}?`,
        buttons: YES_NO,
        listButton: 'Ver opciones',
      },
    ]);
    expect(outcome.effects).toEqual([]);
    expect(chat.state.flow).toMatchObject({
      skill: 'agenda',
      name: 'booking',
      slots: { service: 'limpieza', time: { value: '2026-11-24T10:00:00.000-05:00', grain: 'hour' } },
      awaiting: { kind: 'confirm' },
    });
  });

  it('asks for the missing slots in order, then confirms; yes performs the effect once', async () => {
    const chat = conversation();
    expect((await chat.say('quiero una cita')).replies).toEqual([
      { text: '¿Qué servicio quieres?', buttons: SERVICE_BUTTONS, listButton: 'Ver opciones' },
    ]);
    expect(texts(await chat.say('limpieza'))).toEqual(['¿Para cuándo quieres tu cita de Limpieza dental?']);
    expect(texts(await chat.say('mañana a las 10'))).toEqual([
      `¿Confirmo tu cita de Limpieza dental el ${TUESDAY_10}?`,
    ]);
    const done = await chat.say('sí');
    expect(texts(done)).toEqual(['¡Listo, quedó agendada!']);
    expect(done.effects).toHaveLength(1);
    expect(done.state.flow).toBeUndefined();
    await commit(chat.effects);
    expect(chat.booked).toEqual([
      { service: 'limpieza', time: { value: '2026-11-24T10:00:00.000-05:00', grain: 'hour' } },
    ]);

    // The flow is over: another "sí" is not a second booking.
    const after = await chat.say('sí');
    expect(after.effects).toEqual([]);
    expect(after.outcome).toBe('fallback');
  });

  it('takes "no" at the confirmation as leaving the flow, with no effect', async () => {
    const chat = conversation();
    await chat.say('quiero una cita de limpieza mañana a las 10');
    const outcome = await chat.say('no');
    expect(texts(outcome)).toEqual(['Listo, lo dejamos así. ¿Te ayudo con algo más?']);
    expect(outcome.effects).toEqual([]);
    expect(outcome.state.flow).toBeUndefined();
  });

  it('accepts the confirmation as a button, and as the number of a numbered menu', async () => {
    const byButton = conversation();
    await byButton.say('quiero una cita de limpieza mañana a las 10');
    expect((await byButton.say('Sí', 'yes')).effects).toHaveLength(1);

    const byNumber = conversation();
    await byNumber.say('quiero una cita de limpieza mañana a las 10');
    expect((await byNumber.say('2')).effects).toEqual([]);
    expect(byNumber.state.flow).toBeUndefined();
  });

  it('fills a choice from a button id, a menu number, an ordinal or words close to the title', async () => {
    const answers: [string, string | undefined, string][] = [
      ['Ortodoncia', 'ortodoncia', 'ortodoncia'],
      ['2', undefined, 'blanqueamiento'],
      ['opción 3', undefined, 'ortodoncia'],
      ['el segundo', undefined, 'blanqueamiento'],
      ['el último', undefined, 'ortodoncia'],
      ['ortodonsia', undefined, 'ortodoncia'],
      ['whitening', undefined, 'blanqueamiento'],
    ];
    for (const [text, buttonId, service] of answers) {
      const chat = conversation();
      await chat.say('quiero una cita');
      await chat.say(text, buttonId);
      expect(chat.state.flow, text).toMatchObject({ slots: { service }, awaiting: { slot: 'time' } });
    }
  });

  it('asks again with the validator’s message when an answer does not fit, keeping what was filled', async () => {
    const chat = conversation();
    await chat.say('quiero agendar una limpieza');
    expect(texts(await chat.say('mañana'))).toEqual([
      '¿A qué hora te queda bien?',
      '¿Para cuándo quieres tu cita de Limpieza dental?',
    ]);
    expect(chat.state.flow).toMatchObject({ slots: { service: 'limpieza' }, invalidAnswers: 1 });
    expect(texts(await chat.say('no sé'))).toEqual([
      'No logré entender la fecha u hora. Puedes escribir, por ejemplo, «mañana a las 3 pm».',
      '¿Para cuándo quieres tu cita de Limpieza dental?',
    ]);
    // A good answer resets the count.
    await chat.say('mañana a las 10');
    expect(chat.state.flow).toMatchObject({ awaiting: { kind: 'confirm' }, invalidAnswers: 0 });
  });

  it('gives up after three invalid answers in a row, offering a person and flagging it for escalation', async () => {
    const chat = conversation();
    await chat.say('quiero agendar una limpieza');
    await chat.say('ni idea');
    await chat.say('qué?');
    const outcome = await chat.say('umm');
    expect(outcome.replies).toEqual([
      {
        text: 'Perdona, no logro entenderte. ¿Quieres que te comunique con una persona de nuestro equipo?',
        buttons: [{ id: 'handoff', title: 'Hablar con una persona' }],
        listButton: 'Ver opciones',
      },
    ]);
    expect(outcome.state.flow).toBeUndefined();
    expect(outcome.state.escalationRequest).toEqual({ reason: 'invalid_answers', flow: 'booking' });
  });

  it('re-asks the confirmation when the answer is neither yes nor no, and takes a correction', async () => {
    const chat = conversation();
    await chat.say('quiero una cita de limpieza mañana a las 10');
    expect(texts(await chat.say('mmm'))).toEqual([
      'Perdona, ¿me confirmas con un sí o un no?',
      `¿Confirmo tu cita de Limpieza dental el ${TUESDAY_10}?`,
    ]);
    expect(texts(await chat.say('mejor el miércoles a las 4 pm'))).toEqual([
      '¿Confirmo tu cita de Limpieza dental el miércoles 25 de noviembre, 4:00 p. m.?',
    ]);
  });

  it('leaves the flow on "cancelar", "olvídalo", "mejor no" and "ya no", with nothing done', async () => {
    for (const text of ['cancelar', 'Olvídalo', 'mejor no', 'ya no', 'no, olvídalo gracias']) {
      const chat = conversation();
      await chat.say('quiero una cita');
      const outcome = await chat.say(text);
      expect(texts(outcome), text).toEqual(['Listo, lo dejamos así. ¿Te ayudo con algo más?']);
      expect(outcome.state.flow).toBeUndefined();
      expect(outcome.effects).toEqual([]);
    }
  });

  it('suspends the flow for another intent, answers it, offers to come back, and resumes on yes', async () => {
    const chat = conversation();
    await chat.say('quiero agendar una limpieza');
    const detour = await chat.say('cuanto cuesta la limpieza?');
    expect(detour.skill).toBe('precios');
    expect(detour.replies).toEqual([
      { text: 'La limpieza cuesta $90.000.' },
      { text: '¿Seguimos con tu cita?', buttons: YES_NO, listButton: 'Ver opciones' },
    ]);
    expect(chat.state.flow).toBeUndefined();
    expect(chat.state.flowStack).toMatchObject([
      { name: 'booking', slots: { service: 'limpieza' }, resumeOffered: true },
    ]);

    const back = await chat.say('sí');
    expect(back.skill).toBe('agenda');
    expect(texts(back)).toEqual(['¿Para cuándo quieres tu cita de Limpieza dental?']);
    expect(chat.state.flowStack).toBeUndefined();
    expect(texts(await chat.say('mañana a las 10'))).toEqual([
      `¿Confirmo tu cita de Limpieza dental el ${TUESDAY_10}?`,
    ]);
  });

  it('resumes a suspended flow when the customer simply answers its question', async () => {
    const chat = conversation();
    await chat.say('quiero agendar una limpieza');
    await chat.say('hola');
    const outcome = await chat.say('mañana a las 10');
    expect(texts(outcome)).toEqual([`¿Confirmo tu cita de Limpieza dental el ${TUESDAY_10}?`]);
  });

  it('drops the suspended flow when the customer declines to come back', async () => {
    const chat = conversation();
    await chat.say('quiero agendar una limpieza');
    await chat.say('hola');
    const outcome = await chat.say('no');
    expect(texts(outcome)).toEqual(['Entendido, lo dejamos ahí.']);
    expect(outcome.state.flowStack).toBeUndefined();
    expect(outcome.state.flow).toBeUndefined();
  });

  it('keeps offering to come back while the customer talks of other things', async () => {
    const chat = conversation();
    await chat.say('quiero agendar una limpieza');
    await chat.say('hola');
    const outcome = await chat.say('cuanto cuesta la limpieza?');
    expect(texts(outcome)).toEqual(['La limpieza cuesta $90.000.', '¿Seguimos con tu cita?']);
  });

  it('does not take a slot answer as a change of topic, nor a flow’s own intent', async () => {
    const chat = conversation();
    await chat.say('quiero una cita');
    const outcome = await chat.say('quiero agendar una limpieza');
    expect(outcome.skill).toBe('agenda');
    expect(texts(outcome)).toEqual(['¿Para cuándo quieres tu cita de Limpieza dental?']);
    expect(outcome.state.flowStack).toBeUndefined();
  });

  it('answers in English a customer who writes in English, and keeps to English afterwards', async () => {
    const chat = conversation();
    const first = await chat.say('I want to book an appointment for tomorrow at 10');
    expect(first.locale).toBe('en');
    expect(first.replies).toEqual([
      {
        text: 'Which service would you like?',
        buttons: SERVICE_BUTTONS,
        listButton: 'See options',
      },
    ]);
    expect(chat.state.locale).toBe('en');
    const second = await chat.say('2');
    expect(texts(second)).toEqual([
      'Shall I confirm your Blanqueamiento appointment on Tuesday, November 24, 10:00 AM?',
    ]);
    expect((await chat.say('yes')).replies).toEqual([{ text: 'Done, it is booked!' }]);
  });

  it('forgets a flow left untouched for longer than the idle limit', async () => {
    const chat = conversation();
    await chat.say('quiero una cita');
    const flow = chat.state.flow as { [key: string]: JsonValue };
    flow.updatedAt = new Date(NOW.getTime() - FLOW_IDLE_LIMIT_MS - 1000).toISOString();
    const outcome = await chat.say('limpieza');
    expect(outcome.outcome).toBe('fallback');
    expect(outcome.state.flow).toBeUndefined();
  });

  it('offers the skills’ main options as buttons in the fallback, and a tap on one starts its flow', async () => {
    const chat = conversation();
    const fallback = await chat.say('asdfgh');
    expect(fallback.replies).toEqual([
      {
        text: 'Perdona, no te entendí. ¿Me lo puedes decir de otra forma?',
        buttons: [
          { id: 'agendar', title: 'Agendar una cita' },
          { id: 'ayuda', title: 'Ver opciones' },
        ],
        listButton: 'Ver opciones',
      },
    ]);
    const tap = await chat.say('Agendar una cita', 'agendar');
    expect(tap.understanding.intent).toEqual({ name: 'agendar', confidence: 1 });
    expect(texts(tap)).toEqual(['¿Qué servicio quieres?']);
  });

  it('counts turns and fallbacks in a row in the state', async () => {
    const chat = conversation();
    await chat.say('asdfgh');
    await chat.say('qwerty');
    expect(chat.state.counters).toEqual({ turns: 2, fallbacks: 2 });
    await chat.say('hola');
    expect(chat.state.counters).toEqual({ turns: 3, fallbacks: 0 });
  });

  it('runs escalation policies before the flow, and escalates when one decides', async () => {
    const humanButton = {
      name: 'human-button',
      check: (context: { buttonId: string | null }) =>
        context.buttonId === 'handoff' ? 'asked_for_human' : null,
    };
    const chat = conversation(testTenant(), { escalationPolicies: [humanButton] });
    await chat.say('quiero agendar una limpieza');
    await chat.say('ni idea');
    await chat.say('qué?');
    await chat.say('umm');
    const outcome = await chat.say('Hablar con una persona', 'handoff');
    expect(outcome.handoff).toBe(true);
    expect(texts(outcome)).toEqual([
      'Te comunico con una persona de nuestro equipo. Te responderá lo antes posible.',
    ]);
    expect(outcome.state.escalation).toEqual({
      policy: 'human-button',
      reason: 'asked_for_human',
      at: NOW.toISOString(),
    });
    expect(outcome.state.escalationRequest).toBeUndefined();
  });

  it('passes every turn on when no policy escalates', async () => {
    const never = { name: 'never', check: () => null };
    const chat = conversation(testTenant(), { escalationPolicies: [never] });
    const outcome = await chat.say('quiero una cita');
    expect(outcome.handoff).toBe(false);
    expect(texts(outcome)).toEqual(['¿Qué servicio quieres?']);
  });

  it('refuses a flow that its skill did not declare, naming both', async () => {
    const rogue: Skill = {
      name: 'rogue',
      intents: ['x'],
      templates: { es: { 'rogue.ask': '¿?' }, en: {} },
      async handle(context) {
        const { startFlow } = await import('./flow-runner.ts');
        await startFlow(context, {
          name: 'hidden',
          title: 'rogue.ask',
          slots: [{ name: 'a', type: 'text', prompt: 'rogue.ask' }],
          complete: async () => {},
        });
      },
    };
    const engine = createTurnEngine(testTenant(), [rogue], understander({ go: 'x' }));
    await expect(
      engine.run({
        conversation: { id: 'c', status: 'bot', state: {} },
        contact: { id: 'ct', name: null, externalId: '1' },
        text: 'go',
        now: NOW,
        turnKey: 'msg_1',
      }),
    ).rejects.toThrow(
      'skill "rogue" started flow "hidden" without declaring it: add it to the skill\'s flows',
    );
  });

  it('refuses two flows with one name in a skill', () => {
    const { skill } = agendaSkill();
    const twice = { ...skill, flows: [...skill.flows!, ...skill.flows!] };
    expect(() => createTurnEngine(testTenant(), [twice], understander({}))).toThrow(
      'skill "agenda" declares two flows named "booking": rename one',
    );
  });
});
