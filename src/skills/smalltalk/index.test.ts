import { describe, expect, it } from 'vitest';
import type { Button } from '../../core/messages.ts';
import { createTemplateRenderer } from '../../dialogue/templates.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { createDatabase } from '../../storage/database.ts';
import { DEMO_DIR, testTenant } from '../../../test/support/test-config.ts';
import { createTenantSkills } from '../index.ts';
import type { Locale, Skill, TurnContext } from '../skill.ts';
import { createSmalltalkSkill } from './index.ts';
import { smalltalkTemplates } from './templates.ts';
import { testTurnContext } from '../test-turn-context.ts';

const tenant = testTenant;

/** A turn as the engine would hand it to a skill, with the given intent and contact name. */
function turn(
  skills: Skill[],
  options: { intent: string | null; name?: string | null; locale?: Locale; tenant?: TenantConfig },
): TurnContext {
  const config = options.tenant ?? tenant();
  const locale = options.locale ?? config.locale;
  const render = createTemplateRenderer(config, skills);
  const context: TurnContext = testTurnContext(config, {
    contact: { id: 'ct_1', name: options.name ?? null, externalId: '573001234567' },
    locale,
    understanding: {
      text: 'texto',
      intent: { name: options.intent, confidence: options.intent ? 1 : 0 },
      intent_ranking: [],
      entities: [],
    },
    say(key, variables, buttons?: Button[]) {
      const text = render(locale, key, variables);
      context.replies.push(buttons?.length ? { text, buttons } : { text });
    },
    render: (key, variables) => render(locale, key, variables),
  });
  return context;
}

const agenda: Skill = {
  name: 'agenda',
  intents: ['agendar'],
  templates: {
    es: { 'agenda.capability': '• Agendar, mover y cancelar citas' },
    en: { 'agenda.capability': '• Book, move and cancel appointments' },
  },
  handle: async () => {},
};

describe('smalltalk skill', () => {
  const smalltalk = createSmalltalkSkill(() => ['smalltalk.capability']);

  it('owns the greeting, goodbye and help intents', () => {
    expect(smalltalk.name).toBe('smalltalk');
    expect(smalltalk.intents).toEqual(['saludo', 'despedida', 'ayuda']);
  });

  it('greets a contact by first name and introduces the business', async () => {
    const context = turn([smalltalk], { intent: 'saludo', name: 'Ana María Pérez' });
    await smalltalk.handle(context);
    expect(context.replies).toEqual([
      { text: '¡Hola, Ana! Soy el asistente virtual de Clínica Sonrisas. ¿En qué te puedo ayudar?' },
    ]);
  });

  it('finds the first name in spite of stray spaces around the name', async () => {
    const context = turn([smalltalk], { intent: 'saludo', name: '  Ana   Pérez ' });
    await smalltalk.handle(context);
    expect(context.replies[0]!.text).toMatch(/^¡Hola, Ana! /);
  });

  it('greets without a name when the channel gave none, or only blanks', async () => {
    for (const name of [null, '', ' ']) {
      const context = turn([smalltalk], { intent: 'saludo', name });
      await smalltalk.handle(context);
      expect(context.replies).toEqual([
        { text: '¡Hola! Soy el asistente virtual de Clínica Sonrisas. ¿En qué te puedo ayudar?' },
      ]);
    }
  });

  it('greets in English for an English-speaking tenant', async () => {
    const context = turn([smalltalk], { intent: 'saludo', name: 'Ana', tenant: tenant({ locale: 'en' }) });
    await smalltalk.handle(context);
    expect(context.replies).toEqual([
      { text: 'Hi, Ana! I am the virtual assistant of Clínica Sonrisas. How can I help you?' },
    ]);
  });

  it('says goodbye', async () => {
    const context = turn([smalltalk], { intent: 'despedida' });
    await smalltalk.handle(context);
    expect(context.replies).toEqual([
      { text: '¡Gracias por escribirnos! Aquí estaremos cuando nos necesites.' },
    ]);
  });

  it('lists the capabilities of every enabled skill when asked for help', async () => {
    const withAgenda = createSmalltalkSkill(() => ['smalltalk.capability', 'agenda.capability']);
    const context = turn([withAgenda, agenda], { intent: 'ayuda' });
    await withAgenda.handle(context);
    expect(context.replies).toEqual([
      {
        text:
          'Esto es lo que puedo hacer por ti en Clínica Sonrisas:\n' +
          '• Saludarte y orientarte sobre lo que puedo hacer\n' +
          '• Agendar, mover y cancelar citas\n' +
          'Escríbeme lo que necesitas.',
      },
    ]);
  });

  it('builds its help menu from the tenant’s enabled skills', async () => {
    const database = createDatabase('sqlite::memory:');
    const [skill] = createTenantSkills(tenant({ skills: ['smalltalk'] }), {
      db: database.db,
      baseDir: DEMO_DIR,
    });
    await database.close();
    const context = turn([skill!], { intent: 'ayuda' });
    await skill!.handle(context);
    expect(context.replies[0]!.text).toContain('• Saludarte y orientarte sobre lo que puedo hacer');
  });

  it('uses the tenant’s own wording where it overrides a template', async () => {
    const custom = tenant({
      templates: {
        es: {
          'smalltalk.greeting_named': 'Bienvenida a {business}, {name}.',
          'smalltalk.goodbye': '¡Hasta pronto!',
        },
      },
    });
    const greeting = turn([smalltalk], { intent: 'saludo', name: 'Ana', tenant: custom });
    await smalltalk.handle(greeting);
    expect(greeting.replies).toEqual([{ text: 'Bienvenida a Clínica Sonrisas, Ana.' }]);
    const goodbye = turn([smalltalk], { intent: 'despedida', tenant: custom });
    await smalltalk.handle(goodbye);
    expect(goodbye.replies).toEqual([{ text: '¡Hasta pronto!' }]);
  });

  it('asks again, offering the help menu as a button, when nothing understood the message', async () => {
    const context = turn([smalltalk], { intent: null });
    await smalltalk.fallback!(context, []);
    expect(context.replies).toEqual([
      {
        text: 'Perdona, no te entendí. ¿Me lo puedes decir de otra forma?',
        buttons: [{ id: 'ayuda', title: 'Ver opciones' }],
      },
    ]);
  });

  it('has every template in both Spanish and English', () => {
    expect(Object.keys(smalltalkTemplates.en).sort()).toEqual(Object.keys(smalltalkTemplates.es).sort());
  });
});
