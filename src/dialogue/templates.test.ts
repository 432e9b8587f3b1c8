import { describe, expect, it } from 'vitest';
import type { Skill } from '../skills/skill.ts';
import { testTenant } from '../../test/support/test-config.ts';
import { createTemplateRenderer } from './templates.ts';

const tenant = testTenant;

function skill(name: string, templates: Skill['templates']): Skill {
  return { name, intents: [], templates, handle: async () => {} };
}

const greeter = skill('greeter', {
  es: {
    'greeter.hello': '¡Hola, {name}! Bienvenido a {business}.',
    'greeter.only_es': 'Solo en español',
    'greeter.count': 'Tienes {count} citas, {name}; {name}, no lo olvides.',
  },
  en: { 'greeter.hello': 'Hi, {name}! Welcome to {business}.' },
});

describe('createTemplateRenderer', () => {
  it('renders a skill’s default template in the requested locale with its variables', () => {
    const render = createTemplateRenderer(tenant(), [greeter]);
    expect(render('es', 'greeter.hello', { name: 'Ana', business: 'Sonrisas' })).toBe(
      '¡Hola, Ana! Bienvenido a Sonrisas.',
    );
    expect(render('en', 'greeter.hello', { name: 'Ana', business: 'Sonrisas' })).toBe(
      'Hi, Ana! Welcome to Sonrisas.',
    );
  });

  it('replaces every occurrence of a variable and accepts numbers', () => {
    const render = createTemplateRenderer(tenant(), [greeter]);
    expect(render('es', 'greeter.count', { count: 2, name: 'Ana' })).toBe(
      'Tienes 2 citas, Ana; Ana, no lo olvides.',
    );
  });

  it('inserts values literally, never expanding placeholders or $-patterns inside them', () => {
    const render = createTemplateRenderer(tenant(), [greeter]);
    expect(render('es', 'greeter.hello', { name: '{business} $& $1', business: 'Sonrisas' })).toBe(
      '¡Hola, {business} $& $1! Bienvenido a Sonrisas.',
    );
  });

  it('lets the tenant’s templates win over the skills’ defaults, per locale', () => {
    const render = createTemplateRenderer(
      tenant({ templates: { es: { 'greeter.hello': 'Buenas, {name}.' }, en: { 'greeter.extra': 'Extra' } } }),
      [greeter],
    );
    expect(render('es', 'greeter.hello', { name: 'Ana' })).toBe('Buenas, Ana.');
    expect(render('en', 'greeter.hello', { name: 'Ana', business: 'X' })).toBe('Hi, Ana! Welcome to X.');
    expect(render('en', 'greeter.extra')).toBe('Extra');
  });

  it('lets a later skill’s default override an earlier one’s for the same key', () => {
    const other = skill('other', { es: { 'greeter.only_es': 'Reemplazado' }, en: {} });
    expect(createTemplateRenderer(tenant(), [greeter, other])('es', 'greeter.only_es')).toBe('Reemplazado');
  });

  it('falls back from a missing locale to the tenant’s locale, then to Spanish', () => {
    const english = skill('english', { es: {}, en: { 'english.only_en': 'English only' } });
    const render = createTemplateRenderer(tenant({ locale: 'en' }), [greeter, english]);
    expect(render('es', 'english.only_en')).toBe('English only');
    expect(render('en', 'greeter.only_es')).toBe('Solo en español');
  });

  it('says which key is missing for which tenant', () => {
    const render = createTemplateRenderer(tenant(), [greeter]);
    expect(() => render('es', 'greeter.nope')).toThrow(
      'no reply template "greeter.nope" for tenant "clinica"',
    );
  });

  it('says which variable a template needs when it is not given', () => {
    const render = createTemplateRenderer(tenant(), [greeter]);
    expect(() => render('es', 'greeter.hello', { name: 'Ana' })).toThrow(
      'reply template "greeter.hello" needs a value for {business}',
    );
    expect(() => render('es', 'greeter.hello')).toThrow('needs a value for {name}');
  });
});
