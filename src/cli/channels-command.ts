/** `orquesta channels …`: provider set-up from the terminal (Telegram's setWebhook and getWebhookInfo). */
import { createTelegramClient, ALLOWED_UPDATES, type TelegramClient } from '../channels/telegram/client.ts';
import {
  missingSecret,
  telegramSettingsSchema,
  type TelegramSettings,
} from '../channels/telegram/settings.ts';
import { DeliveryError } from '../core/delivery.ts';
import { OrquestaError } from '../core/errors.ts';
import type { ConnectionConfig } from '../tenancy/config-schema.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';

export interface TelegramCommandOptions {
  tenant: string;
  connection: string;
  config?: string;
  /** The public base URL Telegram calls; ORQUESTA_PUBLIC_URL when not given. */
  url?: string;
}

/**
 * Points the bot at Orquesta: `setWebhook` with `{public URL}/webhooks/{tenant}/{connection}`, the
 * connection's `webhookSecret` as `secret_token` (Telegram sends it back in every request) and the update
 * types Orquesta reads.
 */
export async function telegramSetWebhookCommand(options: TelegramCommandOptions): Promise<void> {
  const { connection, settings, client } = telegramConnection(options);
  if (!settings.webhookSecret) {
    throw new OrquestaError(
      'invalid_config',
      `${missingSecret(connection, 'webhookSecret')} — Orquesta refuses the webhooks of a connection without it`,
    );
  }
  const base = options.url ?? process.env.ORQUESTA_PUBLIC_URL;
  if (!base) {
    throw new OrquestaError(
      'invalid_request',
      'no public URL to give Telegram — set ORQUESTA_PUBLIC_URL=https://bot.example.com or pass --url',
    );
  }
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) {
    throw new OrquestaError(
      'invalid_request',
      `"${base}" is not an http(s) URL — give the public base URL, e.g. https://bot.example.com`,
    );
  }
  const url = `${base.replace(/\/+$/, '')}/webhooks/${encodeURIComponent(options.tenant)}/${encodeURIComponent(connection.id)}`;
  await telegramCall('setWebhook', () => client.setWebhook({ url, secretToken: settings.webhookSecret! }));
  process.stdout.write(
    `Telegram will post the updates of tenant "${options.tenant}", connection "${connection.id}" to ${url}\n` +
      `  updates: ${ALLOWED_UPDATES.join(', ')}; secret token: the connection's webhookSecret\n`,
  );
}

/** Prints what Telegram knows of the bot's webhook: its URL, pending updates and the last delivery error. */
export async function telegramWebhookInfoCommand(options: TelegramCommandOptions): Promise<void> {
  const { client } = telegramConnection(options);
  const info = await telegramCall('getWebhookInfo', () => client.getWebhookInfo());
  process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
}

function telegramConnection(options: TelegramCommandOptions): {
  connection: ConnectionConfig;
  settings: TelegramSettings;
  client: TelegramClient;
} {
  const loaded = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const tenant = loaded.config.tenants.find((candidate) => candidate.id === options.tenant);
  if (!tenant) throw new OrquestaError('not_found', `tenant "${options.tenant}" is not in ${loaded.path}`);
  const connection = tenant.connections.find((candidate) => candidate.id === options.connection);
  if (!connection || connection.channel !== 'telegram') {
    const telegram = tenant.connections.filter((candidate) => candidate.channel === 'telegram');
    throw new OrquestaError(
      'not_found',
      `tenant "${tenant.id}" has no telegram connection "${options.connection}" — its telegram connections: ${
        telegram.map((candidate) => candidate.id).join(', ') || 'none'
      }`,
    );
  }
  const parsed = telegramSettingsSchema.safeParse(connection.settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `settings.${issue.path.join('.')}: ${issue.message}`);
    throw new OrquestaError('invalid_config', `connection "${connection.id}": ${problems.join('; ')}`);
  }
  const settings = parsed.data;
  if (!settings.botToken) throw new OrquestaError('invalid_config', missingSecret(connection, 'botToken'));
  return {
    connection,
    settings,
    client: createTelegramClient({ botToken: settings.botToken, apiBaseUrl: settings.apiBaseUrl }),
  };
}

/** Runs one Bot API call, turning its failure into an error that says what Telegram said and what to check. */
async function telegramCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    const hint =
      error.code === '401' || error.code === '404'
        ? ' — check the bot token (TELEGRAM_BOT_TOKEN) BotFather gave you'
        : error.retryable
          ? ' — try again in a moment'
          : '';
    throw new OrquestaError(
      error.retryable ? 'unavailable' : 'invalid_request',
      `Telegram ${method} failed (${error.code}): ${error.message}${hint}`,
      { cause: error },
    );
  }
}
