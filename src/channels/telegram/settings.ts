/** The `settings` of a `telegram` connection, checked when Orquesta starts. */
import { z } from 'zod';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';

export const DEFAULT_API_BASE_URL = 'https://api.telegram.org';

/**
 * Telegram's rule for `secret_token` (setWebhook): 1–256 characters of A-Z, a-z, 0-9, `_` and `-`. It comes
 * back verbatim in the `X-Telegram-Bot-Api-Secret-Token` header of every webhook request.
 */
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** What BotFather hands out: the bot's numeric id, a colon, and the secret part. */
const BOT_TOKEN_PATTERN = /^\d+:[A-Za-z0-9_-]+$/;

const SETTING_NAMES = ['botToken', 'webhookSecret', 'apiBaseUrl'];

const NOT_A_URL = 'not an http(s) URL — write e.g. https://api.telegram.org (TELEGRAM_API_BASE_URL)';

/** An optional secret read from `${VAR:-}`: an empty value means "not configured". */
const optionalSecret = z
  .string({ error: 'not a string — write it as text, usually "${TELEGRAM_…}"' })
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const telegramSettingsSchema = z.strictObject(
  {
    botToken: optionalSecret
      .refine(
        (value) => value === undefined || BOT_TOKEN_PATTERN.test(value),
        'not a Telegram bot token — BotFather gives one like 123456789:AAH…, set it in TELEGRAM_BOT_TOKEN',
      )
      .describe('The token BotFather gave the bot: "${TELEGRAM_BOT_TOKEN}". Without it nothing is sent.'),
    webhookSecret: optionalSecret
      .refine(
        (value) => value === undefined || WEBHOOK_SECRET_PATTERN.test(value),
        'not a valid Telegram secret token — use 1 to 256 characters of A-Z, a-z, 0-9, "_" and "-" (e.g. the output of `openssl rand -hex 32`) in TELEGRAM_WEBHOOK_SECRET',
      )
      .describe(
        'The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token: "${TELEGRAM_WEBHOOK_SECRET}". Without it the connection refuses webhooks.',
      ),
    apiBaseUrl: z
      .union([z.literal(''), z.url({ protocol: /^https?$/, error: NOT_A_URL })], { error: NOT_A_URL })
      .optional()
      .transform((value) => (value ? value.replace(/\/+$/, '') : DEFAULT_API_BASE_URL))
      .describe('Bot API base URL; tests point it at a fake provider.'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')} — telegram settings are ${SETTING_NAMES.join(', ')}`
        : undefined,
  },
);

export type TelegramSettings = z.output<typeof telegramSettingsSchema>;

const parsed = new WeakMap<ConnectionConfig, TelegramSettings>();

/**
 * A connection's settings, validated. The registry validates them at start, so this only fails for a
 * connection built around it (a test or the CLI); the result is cached per connection object.
 */
export function settingsOf(connection: ConnectionConfig): TelegramSettings {
  let settings = parsed.get(connection);
  if (!settings) {
    settings = telegramSettingsSchema.parse(connection.settings);
    parsed.set(connection, settings);
  }
  return settings;
}

/** The environment variable the demo configuration reads each secret from, for error messages. */
export const SECRET_VARIABLES = {
  botToken: 'TELEGRAM_BOT_TOKEN',
  webhookSecret: 'TELEGRAM_WEBHOOK_SECRET',
} as const;

/** `connection "telegram" has no webhookSecret: set TELEGRAM_WEBHOOK_SECRET (or settings.webhookSecret …)` */
export function missingSecret(connection: ConnectionConfig, setting: keyof typeof SECRET_VARIABLES): string {
  return `connection "${connection.id}" has no ${setting}: set ${SECRET_VARIABLES[setting]} (or settings.${setting} in orquesta.yaml)`;
}
