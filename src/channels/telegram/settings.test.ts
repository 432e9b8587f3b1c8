import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, testTenant } from '../../../test/support/test-config.ts';
import { loadConfig } from '../../tenancy/load-config.ts';
import { createChannelRegistry } from '../registry.ts';
import { telegramSettingsSchema } from './settings.ts';

describe('telegram settings', () => {
  it('defaults the API base URL and treats empty secrets as not set', () => {
    expect(telegramSettingsSchema.parse({ botToken: '', webhookSecret: '' })).toEqual({
      apiBaseUrl: 'https://api.telegram.org',
    });
    expect(telegramSettingsSchema.parse({ apiBaseUrl: 'http://127.0.0.1:9000/' }).apiBaseUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('lets the demo start without any Telegram variable set', () => {
    const { config } = loadConfig(DEMO_CONFIG, {});
    const registry = createChannelRegistry(config.tenants);
    expect(registry.resolve('isp', 'telegram')?.connection.settings).toEqual({
      apiBaseUrl: 'https://api.telegram.org',
    });
  });

  it('reports a malformed token, secret or URL at start, saying what to do', () => {
    const tenant = testTenant({
      connections: [
        {
          id: 'telegram',
          channel: 'telegram',
          settings: { botToken: 'abc', webhookSecret: 'has space', apiBaseUrl: 'ftp://x', botTokn: '1:a' },
        },
      ],
    });
    let failure: unknown;
    try {
      createChannelRegistry([tenant]);
    } catch (error) {
      failure = error;
    }
    expect((failure as { details: string[] }).details).toEqual([
      'tenants[0].connections[0].settings.botToken: not a Telegram bot token — BotFather gives one like 123456789:AAH…, set it in TELEGRAM_BOT_TOKEN',
      'tenants[0].connections[0].settings.webhookSecret: not a valid Telegram secret token — use 1 to 256 characters of A-Z, a-z, 0-9, "_" and "-" (e.g. the output of `openssl rand -hex 32`) in TELEGRAM_WEBHOOK_SECRET',
      'tenants[0].connections[0].settings.apiBaseUrl: not an http(s) URL — write e.g. https://api.telegram.org (TELEGRAM_API_BASE_URL)',
      'tenants[0].connections[0].settings: unknown setting "botTokn" — telegram settings are botToken, webhookSecret, apiBaseUrl',
    ]);
  });
});
