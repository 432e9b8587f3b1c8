/** The `settings` of a `twilio` connection (WhatsApp through Twilio), checked when Orquesta starts. */
import { z } from 'zod';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';

export const DEFAULT_API_BASE_URL = 'https://api.twilio.com';

/** An optional value read from `${VAR:-}`: an empty value means "not configured". */
const optionalSecret = z
  .string({ error: 'not a string — write it as text, usually "${TWILIO_…}"' })
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** An optional http(s) URL, without its trailing slashes; empty means "not set". */
const optionalUrl = (message: string) =>
  z
    .string({ error: message })
    .optional()
    .transform((value) => value?.trim().replace(/\/+$/, '') || undefined)
    .refine((value) => value === undefined || isHttpUrl(value), message);

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

const SETTING_NAMES = [
  'accountSid',
  'authToken',
  'from',
  'apiBaseUrl',
  'publicUrl',
  'windowTemplate',
  'statusCallback',
];

export const twilioSettingsSchema = z.strictObject(
  {
    accountSid: optionalSecret
      .refine(
        (value) => value === undefined || /^AC[0-9a-zA-Z]{32}$/.test(value),
        'not an Account SID — it starts with "AC" followed by 32 letters and digits (Twilio Console → Account info)',
      )
      .describe('The Twilio Account SID ("AC…"), the user name of API calls: "${TWILIO_ACCOUNT_SID}".'),
    authToken: optionalSecret.describe(
      'The account\'s Auth Token: signs webhooks (X-Twilio-Signature) and authenticates API calls: "${TWILIO_AUTH_TOKEN}".',
    ),
    from: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'required — the WhatsApp sender, e.g. from: "whatsapp:+14155238886"'
            : 'not a string — write it in quotes, e.g. from: "whatsapp:+14155238886"',
      })
      .trim()
      .regex(
        /^whatsapp:\+\d{6,15}$/,
        'not a WhatsApp sender — write "whatsapp:+" and the number with its country code, e.g. "whatsapp:+14155238886"',
      )
      .describe('The WhatsApp sender replies come from: "whatsapp:+<number>".'),
    apiBaseUrl: optionalUrl('not an http(s) URL — write e.g. https://api.twilio.com (TWILIO_API_BASE_URL)')
      .transform((value) => value ?? DEFAULT_API_BASE_URL)
      .describe('Twilio REST API base URL; tests point it at a fake provider.'),
    publicUrl: optionalUrl(
      'not an http(s) URL — write the public base URL Twilio calls, e.g. https://bot.example.com',
    ).describe(
      'The public base URL of this server, for the StatusCallback of sent messages; ORQUESTA_PUBLIC_URL when absent.',
    ),
    windowTemplate: z
      .strictObject(
        {
          contentSid: z
            .string({ error: 'required — the approved Content template\'s SID, "HX…"' })
            .regex(
              /^HX[0-9a-zA-Z]{32}$/,
              'not a Content SID — it starts with "HX" followed by 32 characters',
            ),
          variables: z
            .record(z.string(), z.string(), {
              error: 'not a map of strings — write e.g. variables: { "1": "Clínica Bella Piel" }',
            })
            .optional(),
        },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')} — windowTemplate has contentSid and variables`
              : issue.code === 'invalid_type'
                ? 'not an object — write { contentSid: "HX…", variables: { "1": "…" } }'
                : undefined,
        },
      )
      .optional()
      .describe(
        "The approved Content template (ContentSid + ContentVariables) sent instead of free text outside WhatsApp's 24-hour window.",
      ),
    statusCallback: z
      .boolean({ error: 'not a boolean — write true or false' })
      .default(true)
      .describe("Ask Twilio to post delivery statuses to this connection's webhook URL (StatusCallback)."),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')} — twilio settings are ${SETTING_NAMES.join(', ')}`
        : undefined,
  },
);

export type TwilioSettings = z.output<typeof twilioSettingsSchema>;

const parsed = new WeakMap<ConnectionConfig, TwilioSettings>();

/**
 * A connection's settings, validated. The registry validates them at start, so this only fails for a
 * connection built around it (a test); the result is cached per connection object.
 */
export function settingsOf(connection: ConnectionConfig): TwilioSettings {
  let settings = parsed.get(connection);
  if (!settings) {
    settings = twilioSettingsSchema.parse(connection.settings);
    parsed.set(connection, settings);
  }
  return settings;
}

/** The environment variable the demo configuration reads each secret from, for error messages. */
export const SECRET_VARIABLES = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
} as const;

/** `connection "twilio" has no authToken: set TWILIO_AUTH_TOKEN (or settings.authToken in orquesta.yaml)` */
export function missingSecret(connection: ConnectionConfig, setting: keyof typeof SECRET_VARIABLES): string {
  return `connection "${connection.id}" has no ${setting}: set ${SECRET_VARIABLES[setting]} (or settings.${setting} in orquesta.yaml)`;
}
