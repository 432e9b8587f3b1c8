import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../test/support/fake-provider.ts';

const BIN = resolve(import.meta.dirname, '../../bin/orquesta.js');
const BOT_TOKEN = '123:ABC';
const SECRET = 'cli_SECRET-0123456789';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function orquesta(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const environment: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'error', ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete environment[name];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('orquesta channels telegram', () => {
  let fake: FakeProvider;
  let folder: string;
  let config: string;
  const webhookInfo = {
    url: 'https://bot.example.com/webhooks/isp/telegram',
    has_custom_certificate: false,
    pending_update_count: 2,
    last_error_date: 1763906400,
    last_error_message: 'Wrong response from the webhook: 401 Unauthorized',
    max_connections: 40,
    ip_address: '203.0.113.10',
    allowed_updates: ['message', 'edited_message', 'callback_query'],
  };

  beforeAll(async () => {
    fake = await startFakeProvider((request) => {
      if (
        request.path !== `/bot${BOT_TOKEN}/setWebhook` &&
        request.path !== `/bot${BOT_TOKEN}/getWebhookInfo`
      ) {
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
      }
      return request.path.endsWith('/setWebhook')
        ? { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } }
        : { status: 200, body: { ok: true, result: webhookInfo } };
    });
    folder = mkdtempSync(join(tmpdir(), 'orquesta-cli-channels-'));
    config = join(folder, 'orquesta.yaml');
    writeFileSync(
      config,
      [
        'tenants:',
        '  - id: isp',
        '    name: Conecta ISP',
        '    timezone: America/Bogota',
        '    currency: COP',
        '    connections:',
        '      - id: telegram',
        '        channel: telegram',
        '        settings:',
        `          botToken: "${BOT_TOKEN}"`,
        `          webhookSecret: ${SECRET}`,
        `          apiBaseUrl: ${fake.baseUrl}`,
        '      - id: sin-secreto',
        '        channel: telegram',
        '        settings:',
        `          botToken: "${BOT_TOKEN}"`,
        '          webhookSecret: ${TELEGRAM_WEBHOOK_SECRET_UNSET:-}',
        `          apiBaseUrl: ${fake.baseUrl}`,
        '      - id: otro-bot',
        '        channel: telegram',
        '        settings:',
        '          botToken: "999:WRONG"',
        `          apiBaseUrl: ${fake.baseUrl}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await fake.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const common = (connection: string) => ['--tenant', 'isp', '--connection', connection, '--config', config];

  it('set-webhook calls setWebhook with the public URL, the secret token and the update types read', async () => {
    const result = await orquesta(['channels', 'telegram', 'set-webhook', ...common('telegram')], {
      ORQUESTA_PUBLIC_URL: 'https://bot.example.com/',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('https://bot.example.com/webhooks/isp/telegram');
    const [call] = fake.requests.filter((request) => request.path.endsWith('/setWebhook'));
    expect(call!.method).toBe('POST');
    expect(call!.path).toBe(`/bot${BOT_TOKEN}/setWebhook`);
    expect(call!.json).toEqual({
      url: 'https://bot.example.com/webhooks/isp/telegram',
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });

    const explicit = await orquesta(
      ['channels', 'telegram', 'set-webhook', ...common('telegram'), '--url', 'https://otro.example.com'],
      { ORQUESTA_PUBLIC_URL: 'https://bot.example.com' },
    );
    expect(explicit.code).toBe(0);
    expect(fake.requests.at(-1)!.json).toMatchObject({
      url: 'https://otro.example.com/webhooks/isp/telegram',
    });
  });

  it('webhook-info prints what getWebhookInfo answers', async () => {
    const result = await orquesta(['channels', 'telegram', 'webhook-info', ...common('telegram')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(webhookInfo);
    expect(fake.requests.at(-1)!.path).toBe(`/bot${BOT_TOKEN}/getWebhookInfo`);
  });

  it('says what to set when the secret, the public URL or a valid token is missing', async () => {
    const setWebhookCalls = () =>
      fake.requests.filter((request) => request.path.endsWith('/setWebhook')).length;
    const before = setWebhookCalls();
    const [noSecret, noUrl, wrongToken, unknown] = await Promise.all([
      orquesta(['channels', 'telegram', 'set-webhook', ...common('sin-secreto')], {
        ORQUESTA_PUBLIC_URL: 'https://bot.example.com',
      }),
      orquesta(['channels', 'telegram', 'set-webhook', ...common('telegram')], {
        ORQUESTA_PUBLIC_URL: undefined,
      }),
      orquesta(['channels', 'telegram', 'webhook-info', ...common('otro-bot')]),
      orquesta(['channels', 'telegram', 'webhook-info', ...common('whatsapp')]),
    ]);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain(
      'connection "sin-secreto" has no webhookSecret: set TELEGRAM_WEBHOOK_SECRET',
    );
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain('set ORQUESTA_PUBLIC_URL');
    expect(setWebhookCalls()).toBe(before);

    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toBe(
      'orquesta: Telegram getWebhookInfo failed (404): Not Found — check the bot token (TELEGRAM_BOT_TOKEN) BotFather gave you\n',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('tenant "isp" has no telegram connection "whatsapp"');
  });
});
