/** The `settings` of a `whatsapp-cloud` connection, checked when Orquesta starts. */
import { z } from 'zod';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';

/** An optional secret read from `${VAR:-}`: an empty value means "not configured". */
const optionalSecret = z
  .string({ error: 'not a string — write it as text, usually "${WHATSAPP_…}"' })
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const SETTING_NAMES = [
  'phoneNumberId',
  'accessToken',
  'appSecret',
  'verifyToken',
  'apiBaseUrl',
  'apiVersion',
  'windowTemplate',
];

export const whatsAppCloudSettingsSchema = z.strictObject(
  {
    phoneNumberId: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'required — copy the "Phone number ID" from the Meta app\'s WhatsApp → API Setup page'
            : 'not a string — quote it in YAML: phoneNumberId: "100000000000001"',
      })
      .regex(/^\d+$/, 'not a phone number id — it is all digits, e.g. "100000000000001"')
      .describe("Meta's id of the business phone number (WhatsApp → API Setup); routes webhooks."),
    accessToken: optionalSecret.describe(
      'A permanent (system user) access token with whatsapp_business_messaging: "${WHATSAPP_ACCESS_TOKEN}".',
    ),
    appSecret: optionalSecret.describe(
      'The Meta app secret that signs webhooks (X-Hub-Signature-256): "${WHATSAPP_APP_SECRET}".',
    ),
    verifyToken: optionalSecret.describe(
      'The verify token typed in the Meta app\'s webhook settings: "${WHATSAPP_VERIFY_TOKEN}".',
    ),
    apiBaseUrl: z
      .union([
        z.literal(''),
        z.url({ protocol: /^https?$/, error: 'not an http(s) URL — write e.g. https://graph.facebook.com' }),
      ])
      .optional()
      .transform((value) => (value ? value.replace(/\/+$/, '') : 'https://graph.facebook.com'))
      .describe('Graph API base URL; tests point it at a fake provider.'),
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d+$/, 'not a Graph API version — write e.g. v23.0')
      .default('v23.0')
      .describe('Graph API version used in request paths.'),
    windowTemplate: z
      .strictObject(
        {
          name: z
            .string({ error: 'required — give the name of an approved message template' })
            .min(1, 'empty — give the name of an approved message template'),
          language: z
            .string({ error: 'required — give the template language code, e.g. es or es_MX' })
            .min(2, 'empty — give the template language code, e.g. es or es_MX'),
          components: z.array(z.record(z.string(), z.unknown())).optional(),
        },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')} — windowTemplate has name, language and components`
              : issue.code === 'invalid_type'
                ? 'not an object — write { name, language, components? }'
                : undefined,
        },
      )
      .optional()
      .describe(
        'The approved template sent instead of free text outside the 24-hour customer-service window.',
      ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')} — whatsapp-cloud settings are ${SETTING_NAMES.join(', ')}`
        : undefined,
  },
);

export type WhatsAppCloudSettings = z.output<typeof whatsAppCloudSettingsSchema>;

const parsed = new WeakMap<ConnectionConfig, WhatsAppCloudSettings>();

/**
 * A connection's settings, validated. The registry validates them at start, so this only fails for a
 * connection built around it (a test); the result is cached per connection object.
 */
export function settingsOf(connection: ConnectionConfig): WhatsAppCloudSettings {
  let settings = parsed.get(connection);
  if (!settings) {
    settings = whatsAppCloudSettingsSchema.parse(connection.settings);
    parsed.set(connection, settings);
  }
  return settings;
}

/** The environment variable the demo configuration reads each secret from, for error messages. */
export const SECRET_VARIABLES = {
  accessToken: 'WHATSAPP_ACCESS_TOKEN',
  appSecret: 'WHATSAPP_APP_SECRET',
  verifyToken: 'WHATSAPP_VERIFY_TOKEN',
} as const;

/** `connection "whatsapp" has no appSecret: set WHATSAPP_APP_SECRET` */
export function missingSecret(connection: ConnectionConfig, setting: keyof typeof SECRET_VARIABLES): string {
  return `connection "${connection.id}" has no ${setting}: set ${SECRET_VARIABLES[setting]} (or settings.${setting} in orquesta.yaml)`;
}
