import { describe, expect, it } from 'vitest';
import { testTenant } from '../../../test/support/test-config.ts';
import { createChannelRegistry } from '../registry.ts';
import { createGupshupChannel } from './index.ts';
import { gupshupSettingsSchema } from './settings.ts';

describe('Gupshup connection settings', () => {
  it('accepts the demo’s settings with no secrets set, so the demo starts', () => {
    const settings = gupshupSettingsSchema.parse({
      appName: 'autosconfianza',
      source: '5215512345678',
      apiKey: '',
      webhookToken: '',
      apiBaseUrl: 'https://api.gupshup.io',
    });
    expect(settings).toEqual({
      appName: 'autosconfianza',
      source: '5215512345678',
      apiKey: undefined,
      webhookToken: undefined,
      apiBaseUrl: 'https://api.gupshup.io',
    });
    // Parsing what was parsed changes nothing (the channel re-reads validated settings).
    expect(gupshupSettingsSchema.parse(settings)).toEqual(settings);
  });

  it('defaults the API base URL and drops a trailing slash', () => {
    const base = { appName: 'a', source: '+5215512345678' };
    expect(gupshupSettingsSchema.parse(base)).toMatchObject({
      source: '5215512345678',
      apiBaseUrl: 'https://api.gupshup.io',
    });
    expect(gupshupSettingsSchema.parse({ ...base, apiBaseUrl: 'http://127.0.0.1:9/' }).apiBaseUrl).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('reports every problem at start, saying what to do', () => {
    const tenant = testTenant({
      id: 'autos',
      connections: [
        {
          id: 'gupshup',
          channel: 'gupshup',
          settings: { source: 'ventas', webhookToken: 'short', apiBaseUrl: 'not a url' },
        },
      ],
    });
    expect(() => createChannelRegistry([tenant], [createGupshupChannel()])).toThrow(
      expect.objectContaining({
        details: [
          expect.stringMatching(/settings\.appName: appName is missing — set the name of the Gupshup app/),
          expect.stringMatching(/settings\.source: source is not a phone number — /),
          expect.stringMatching(/settings\.webhookToken: .* — .*GUPSHUP_WEBHOOK_TOKEN/),
          expect.stringMatching(/settings\.apiBaseUrl: apiBaseUrl is not a URL — .*GUPSHUP_API_BASE_URL/),
        ],
      }),
    );
  });
});
