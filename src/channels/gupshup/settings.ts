/** The `settings` of a Gupshup connection, as written in `orquesta.yaml`. */
import { z } from 'zod';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';

export const DEFAULT_API_BASE_URL = 'https://api.gupshup.io';

/** `${VAR:-}` in the configuration yields an empty string: the same as not set. */
const optionalSecret = (what: string) =>
  z
    .string({ error: `${what} is not text — write it as a string, e.g. from an \${ENV} variable` })
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const gupshupSettingsSchema = z.object({
  /** The Gupshup app's name (`src.name` when sending). */
  appName: z
    .string({ error: 'appName is missing — set the name of the Gupshup app (settings.appName)' })
    .trim()
    .min(1, 'appName is empty — set the name of the Gupshup app (settings.appName)'),
  /** The business's WhatsApp number, digits with country code (`source` when sending). */
  source: z
    .string({
      error: 'source is missing — set the business WhatsApp number, in quotes, e.g. source: "5215512345678"',
    })
    .trim()
    .regex(
      /^\+?\d{6,15}$/,
      'source is not a phone number — write the business WhatsApp number as digits with the country code, e.g. "5215512345678"',
    )
    .transform((value) => value.replace(/^\+/, '')),
  /** The account's API key (`apikey` header); without it nothing can be sent. */
  apiKey: optionalSecret('apiKey'),
  /**
   * The secret every webhook must carry (`?token=` in the callback URL, or the `x-orquesta-token`
   * header); without it the connection refuses webhooks.
   */
  webhookToken: optionalSecret('webhookToken').refine(
    (value) => value === undefined || /^[A-Za-z0-9._~-]{16,256}$/.test(value),
    'webhookToken is too short or has characters a URL would need to escape — use 16 to 256 letters, digits, "-", "_", "." or "~", e.g. the output of `openssl rand -hex 24`, in GUPSHUP_WEBHOOK_TOKEN',
  ),
  /** Where Gupshup's API lives; tests point it at a fake provider. */
  apiBaseUrl: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? DEFAULT_API_BASE_URL : value.trim()))
    .pipe(z.url('apiBaseUrl is not a URL — use e.g. https://api.gupshup.io (GUPSHUP_API_BASE_URL)'))
    .transform((value) => value.replace(/\/+$/, '')),
});

export type GupshupSettings = z.output<typeof gupshupSettingsSchema>;

/** The validated settings of a connection (the registry validated them at start; this re-reads them). */
export function gupshupSettings(connection: ConnectionConfig): GupshupSettings {
  return gupshupSettingsSchema.parse(connection.settings);
}
