import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, testTenant } from '../../../test/support/test-config.ts';
import { loadConfig } from '../../tenancy/load-config.ts';
import { createChannelRegistry } from '../registry.ts';

function problemsOf(settings: Record<string, unknown>): string[] {
  const tenant = testTenant({ connections: [{ id: 'web', channel: 'webchat', settings }] });
  try {
    createChannelRegistry([tenant]);
  } catch (error) {
    return (error as { details: string[] }).details;
  }
  return [];
}

describe('webchat settings', () => {
  it('gives the demo a secret, its colours and a demo page, with the default limits', () => {
    const { config } = loadConfig(DEMO_CONFIG, {});
    const registry = createChannelRegistry(config.tenants);
    expect(registry.resolve('clinica', 'web')?.connection.settings).toEqual({
      secret: 'demo-webchat-secret-change-me-in-production',
      color: '#be185d',
      greeting: 'Agenda tu cita en segundos',
      rateLimitPerMinute: 20,
      maxTextLength: 2000,
      demoPage: true,
    });
    expect(registry.capabilitiesOf('clinica', 'web').buttons).toEqual({ max: 4, titleMax: 40 });
  });

  it('refuses to start without a secret, saying which variable to set', () => {
    expect(problemsOf({})).toEqual([
      'tenants[0].connections[0].settings.secret: missing — set WEBCHAT_SECRET to at least 32 random characters (e.g. the output of `openssl rand -hex 32`), or settings.secret in orquesta.yaml',
    ]);
    expect(problemsOf({ secret: '  ' })[0]).toContain('settings.secret: empty — set WEBCHAT_SECRET');
    expect(problemsOf({ secret: 'short' })[0]).toContain(
      'settings.secret: too short for a signing key — set WEBCHAT_SECRET',
    );
  });

  it('reports a bad colour, limit or unknown setting at start', () => {
    expect(
      problemsOf({
        secret: 'x'.repeat(32),
        color: 'pink',
        rateLimitPerMinute: 0,
        maxTextLength: 'lots',
        colour: '#fff',
      }),
    ).toEqual([
      'tenants[0].connections[0].settings.color: not a colour — write it as #rrggbb, e.g. "#0f766e"',
      'tenants[0].connections[0].settings.rateLimitPerMinute: too small — rateLimitPerMinute goes from 1 to 600',
      'tenants[0].connections[0].settings.maxTextLength: not a number — write maxTextLength as a whole number from 1 to 4096',
      'tenants[0].connections[0].settings: unknown setting "colour" — webchat settings are secret, title, color, greeting, rateLimitPerMinute, maxTextLength, demoPage, allowedOrigins',
    ]);
  });
});
