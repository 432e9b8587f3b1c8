import { describe, expect, it } from 'vitest';
import type { ConversationStatus } from '../core/messages.ts';
import type { ParseOptions, ParseResult, Understander } from '../nlu/parse-result.ts';
import type { ConversationState, Skill } from '../skills/skill.ts';
import { createSmalltalkSkill } from '../skills/smalltalk/index.ts';
import { testTenant } from '../../test/support/test-config.ts';
import { createTurnEngine, type TurnInput } from './turn-engine.ts';

const NOW = new Date('2026-11-23T14:00:00.000Z');

const tenant = testTenant;

/** An understander that gives each text the intent listed for it (null otherwise) and records its calls. */
function fixedIntents(intents: Record<string, string>) {
  const calls: { text: string; options: ParseOptions }[] = [];
  const understander: Understander = {
    async parse(text, options): Promise<ParseResult> {
      calls.push({ text, options });
      const name = intents[text] ?? null;
      return {
        text,
        intent: { name, confidence: name ? 0.95 : 0.2 },
        intent_ranking: name ? [{ name, confidence: 0.95 }] : [],
        entities: [],
      };
    },
  };
  return { understander, calls };
}

/** A skill that answers its intents with one fixed reply and counts its calls. */
function echoSkill(name: string, intents: string[]) {
  const handled: string[] = [];
  const skill: Skill = {
    name,
    intents,
    templates: { es: { [`${name}.reply`]: `respuesta de ${name}` }, en: {} },
    async handle(context) {
      handled.push(context.text);
      context.state[name] = context.text;
      context.say(`${name}.reply`);
    },
  };
  return { skill, handled };
}

function input(text: string, status: ConversationStatus = 'bot', state: ConversationState = {}): TurnInput {
  return {
    conversation: { id: 'conv_1', status, state },
    contact: { id: 'ct_1', name: 'Ana Pérez', externalId: '573001234567' },
    text,
    now: NOW,
    turnKey: 'msg_1',
  };
}

const smalltalk = () => createSmalltalkSkill(() => ['smalltalk.capability']);

describe('createTurnEngine', () => {
  it('stays silent while a human owns the conversation: no replies, handoff, outcome silenced', async () => {
    const { skill, handled } = echoSkill('agenda', ['agendar']);
    const { understander } = fixedIntents({ 'quiero una cita': 'agendar' });
    const engine = createTurnEngine(tenant(), [skill, smalltalk()], understander);

    const outcome = await engine.run(input('quiero una cita', 'human', { flow: 'x' }));
    expect(outcome.replies).toEqual([]);
    expect(outcome.handoff).toBe(true);
    expect(outcome.outcome).toBe('silenced');
    expect(outcome.skill).toBeNull();
    expect(outcome.effects).toEqual([]);
    expect(outcome.state).toEqual({ flow: 'x' });
    expect(handled).toEqual([]);
    // The message is still understood, so the turn record shows what the customer asked.
    expect(outcome.understanding.intent.name).toBe('agendar');
  });

  it('stays silent too while the conversation waits for a human', async () => {
    const { understander } = fixedIntents({ hola: 'saludo' });
    const outcome = await createTurnEngine(tenant(), [smalltalk()], understander).run(
      input('hola', 'pending_human'),
    );
    expect(outcome).toMatchObject({ replies: [], handoff: true, outcome: 'silenced', skill: null });
  });

  it('sends the turn to the skill that owns its intent', async () => {
    const agenda = echoSkill('agenda', ['agendar', 'cancelar']);
    const catalog = echoSkill('catalogo', ['buscar']);
    const { understander } = fixedIntents({ 'busco un carro': 'buscar', 'cancela mi cita': 'cancelar' });
    const engine = createTurnEngine(tenant(), [agenda.skill, catalog.skill, smalltalk()], understander);

    const outcome = await engine.run(input('busco un carro'));
    expect(outcome.skill).toBe('catalogo');
    expect(outcome.outcome).toBe('answered');
    expect(outcome.handoff).toBe(false);
    expect(outcome.replies).toEqual([{ text: 'respuesta de catalogo' }]);
    expect(catalog.handled).toEqual(['busco un carro']);
    expect(agenda.handled).toEqual([]);

    expect((await engine.run(input('cancela mi cita'))).skill).toBe('agenda');
  });

  it('gives an intent claimed by two skills to the first one the tenant lists', async () => {
    const first = echoSkill('primero', ['compartido']);
    const second = echoSkill('segundo', ['compartido']);
    const { understander } = fixedIntents({ x: 'compartido' });
    const outcome = await createTurnEngine(tenant(), [first.skill, second.skill], understander).run(
      input('x'),
    );
    expect(outcome.skill).toBe('primero');
    expect(second.handled).toEqual([]);
  });

  it('falls back to a clarifying question with a help button when no intent is understood', async () => {
    const { skill, handled } = echoSkill('agenda', ['agendar']);
    const { understander } = fixedIntents({});
    const outcome = await createTurnEngine(tenant(), [skill, smalltalk()], understander).run(input('asdfgh'));
    expect(outcome.outcome).toBe('fallback');
    expect(outcome.skill).toBe('smalltalk');
    expect(outcome.replies).toEqual([
      {
        text: 'Perdona, no te entendí. ¿Me lo puedes decir de otra forma?',
        buttons: [{ id: 'ayuda', title: 'Ver opciones' }],
        listButton: 'Ver opciones',
      },
    ]);
    expect(handled).toEqual([]);
  });

  it('falls back also for an intent that no enabled skill owns', async () => {
    const { understander } = fixedIntents({ 'quiero una cita': 'agendar' });
    const outcome = await createTurnEngine(tenant(), [smalltalk()], understander).run(
      input('quiero una cita'),
    );
    expect(outcome.outcome).toBe('fallback');
    expect(outcome.replies).toHaveLength(1);
  });

  it('answers nothing, but still records a fallback, when no skill offers one', async () => {
    const { skill } = echoSkill('agenda', ['agendar']);
    const { understander } = fixedIntents({});
    const outcome = await createTurnEngine(tenant(), [skill], understander).run(input('asdfgh'));
    expect(outcome).toMatchObject({ outcome: 'fallback', skill: null, replies: [], handoff: false });
  });

  it('understands the text with the turn’s clock and the tenant’s time zone', async () => {
    const { understander, calls } = fixedIntents({});
    await createTurnEngine(tenant({ timezone: 'America/Mexico_City' }), [smalltalk()], understander).run(
      input('hola\ny otra cosa'),
    );
    expect(calls).toEqual([
      { text: 'hola\ny otra cosa', options: { now: NOW, timezone: 'America/Mexico_City' } },
    ]);
  });

  it('replies in the tenant’s locale', async () => {
    const { understander } = fixedIntents({});
    const outcome = await createTurnEngine(tenant({ locale: 'en' }), [smalltalk()], understander).run(
      input('???'),
    );
    expect(outcome.replies).toEqual([
      {
        text: 'Sorry, I did not understand. Could you say it another way?',
        buttons: [{ id: 'ayuda', title: 'See options' }],
        listButton: 'See options',
      },
    ]);
  });

  it('gives skills a copy of the state, so a failed turn leaves the stored state as it was', async () => {
    const { skill } = echoSkill('agenda', ['agendar']);
    const { understander } = fixedIntents({ cita: 'agendar' });
    const state: ConversationState = { nested: { step: 1 } };
    const outcome = await createTurnEngine(tenant(), [skill], understander).run(input('cita', 'bot', state));
    expect(outcome.state).toEqual({
      nested: { step: 1 },
      agenda: 'cita',
      counters: { turns: 1, fallbacks: 0 },
    });
    expect(state).toEqual({ nested: { step: 1 } });
  });

  it('lets a skill’s error reach the caller, so the turn is retried rather than half-answered', async () => {
    const broken: Skill = {
      name: 'roto',
      intents: ['romper'],
      templates: { es: {}, en: {} },
      async handle() {
        throw new Error('the calendar API is down');
      },
    };
    const { understander } = fixedIntents({ x: 'romper' });
    await expect(createTurnEngine(tenant(), [broken], understander).run(input('x'))).rejects.toThrow(
      'the calendar API is down',
    );
  });

  it('routes a greeting to smalltalk, which greets the contact by first name', async () => {
    const { understander } = fixedIntents({ hola: 'saludo' });
    const outcome = await createTurnEngine(tenant(), [smalltalk()], understander).run(input('hola'));
    expect(outcome.replies).toEqual([
      { text: '¡Hola, Ana! Soy el asistente virtual de Clínica Sonrisas. ¿En qué te puedo ayudar?' },
    ]);
  });
});
