import { describe, expect, it } from 'vitest';
import { testTenant } from '../../test/support/test-config.ts';
import { tenantSchema } from '../tenancy/config-schema.ts';
import { defaultPrompts, placeholdersOf, PROMPT_NAMES, renderPrompt } from './prompts.ts';

const base = { business: 'Clínica Bella Piel' };

describe('prompts', () => {
  it('has every prompt in Spanish and English, with the same placeholders in both', () => {
    for (const name of PROMPT_NAMES) {
      const es = defaultPrompts('es').prompts[name];
      const en = defaultPrompts('en').prompts[name];
      expect(es, `es ${name}`).toBeTruthy();
      expect(en, `en ${name}`).toBeTruthy();
      expect(placeholdersOf(es!).sort(), name).toEqual(placeholdersOf(en!).sort());
    }
    expect(Object.keys(defaultPrompts('es').prompts).sort()).toEqual([...PROMPT_NAMES].sort());
  });

  it('fills in the business, the default persona and the caller’s variables', () => {
    const text = renderPrompt({
      ...base,
      locale: 'es',
      name: 'knowledge',
      variables: { passages: '[horarios.md] Abrimos de lunes a viernes de 8:00 a 18:00.' },
    });
    expect(text).toContain('Eres el asistente de Clínica Bella Piel');
    expect(text).toContain(defaultPrompts('es').persona);
    expect(text).toContain('[horarios.md] Abrimos de lunes a viernes');
    expect(text).toContain('Nombra el documento');
    expect(text).not.toMatch(/\{[a-z_]+\}/);
  });

  it('says what matters for each use in Spanish', () => {
    const render = (name: string, variables: Record<string, string> = {}) =>
      renderPrompt({ ...base, locale: 'es', name, variables });
    expect(render('rewrite')).toContain('Conserva cada dato exactamente');
    expect(render('rewrite')).toContain('No agregues ningún dato nuevo');
    expect(render('knowledge', { passages: '…' })).toContain('no lo sabes');
    expect(render('agent', { today: 'lunes 2 de marzo de 2026' })).toContain(
      'Nunca consultes, muestres ni cambies',
    );
    expect(render('understand', { intents: '- agendar_cita' })).toContain('"none"');
  });

  it('uses the tenant’s persona and its override of a prompt, for that locale only', () => {
    const overrides = { es: { rewrite: 'Reescribe para {business}, con tono {persona}.' } };
    expect(renderPrompt({ ...base, locale: 'es', name: 'rewrite', persona: 'juvenil', overrides })).toBe(
      'Reescribe para Clínica Bella Piel, con tono juvenil.',
    );
    expect(renderPrompt({ ...base, locale: 'en', name: 'rewrite', persona: 'juvenil', overrides })).toContain(
      'You are the assistant of Clínica Bella Piel',
    );
  });

  it('refuses a prompt that does not exist and a placeholder nothing fills, saying which', () => {
    expect(() => renderPrompt({ ...base, locale: 'es', name: 'poem' })).toThrow(
      /no prompt named "poem" for locale "es" — the prompts are rewrite, understand/,
    );
    expect(() => renderPrompt({ ...base, locale: 'es', name: 'knowledge' })).toThrow(
      /prompt "knowledge" \(es\) has the placeholder \{passages\}, which nothing fills/,
    );
  });

  it('checks the tenant’s overrides when the configuration is loaded', () => {
    const parse = (prompts: unknown) =>
      tenantSchema.safeParse({ ...testTenant(), llm: { baseUrl: 'http://localhost:11434/v1', prompts } });
    expect(parse({ es: { agent: 'Hoy es {today}; ayuda a {business}.' } }).success).toBe(true);
    const typo = parse({ es: { agent: 'Ayuda como {persnoa}.' } });
    expect(typo.success).toBe(false);
    expect(typo.error?.issues[0]).toMatchObject({
      path: ['llm', 'prompts', 'es', 'agent'],
      message: expect.stringContaining('unknown placeholder {persnoa} — prompt "agent" may use {persona}'),
    });
    expect(parse({ fr: { agent: 'x' } }).error?.issues[0]?.message).toContain('unknown locale "fr"');
    expect(parse({ es: { poema: 'x' } }).error?.issues[0]?.message).toContain('unknown prompt "poema"');
  });
});
