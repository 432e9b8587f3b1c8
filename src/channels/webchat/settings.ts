/** The `settings` of a `webchat` connection, checked when Orquesta starts. */
import { z } from 'zod';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';

/** HMAC keys shorter than this are too easy to guess; `openssl rand -hex 32` gives 64 characters. */
export const MIN_SECRET_LENGTH = 32;

const SETTING_NAMES = [
  'secret',
  'title',
  'color',
  'greeting',
  'rateLimitPerMinute',
  'maxTextLength',
  'demoPage',
  'allowedOrigins',
];

const SECRET_FIX = `set WEBCHAT_SECRET to at least ${MIN_SECRET_LENGTH} random characters (e.g. the output of \`openssl rand -hex 32\`), or settings.secret in orquesta.yaml`;

const wholeNumber = (what: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `not a number — write ${what} as a whole number from ${min} to ${max}` })
    .int(`not a whole number — write ${what} as a whole number from ${min} to ${max}`)
    .min(min, `too small — ${what} goes from ${min} to ${max}`)
    .max(max, `too large — ${what} goes from ${min} to ${max}`)
    .default(fallback);

export const webchatSettingsSchema = z.strictObject(
  {
    secret: z
      .string({
        error: (issue) =>
          issue.input === undefined ? `missing — ${SECRET_FIX}` : `not a string — ${SECRET_FIX}`,
      })
      .transform((value) => value.trim())
      .refine((value) => value.length > 0, `empty — ${SECRET_FIX}`)
      .refine(
        (value) => value.length === 0 || value.length >= MIN_SECRET_LENGTH,
        `too short for a signing key — ${SECRET_FIX}`,
      )
      .describe(
        'Signs visitor tokens: "${WEBCHAT_SECRET}". Required. Changing it signs every visitor out (they start a new chat).',
      ),
    title: z
      .string({ error: 'not text — write the title shown on the chat panel, e.g. "Clínica Bella Piel"' })
      .trim()
      .min(1, 'empty — write the title shown on the chat panel, or leave the setting out')
      .max(60, 'longer than 60 characters — shorten the title shown on the chat panel')
      .optional()
      .describe("The chat panel's title; the tenant's name by default."),
    color: z
      .string({ error: 'not a colour — write it as #rrggbb, e.g. "#0f766e"' })
      .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'not a colour — write it as #rrggbb, e.g. "#0f766e"')
      .default('#0f766e')
      .describe('The accent colour of the chat button and panel, as #rrggbb.'),
    greeting: z
      .string({ error: 'not text — write a short line such as "¿En qué te podemos ayudar?"' })
      .trim()
      .min(1, 'empty — write a short line such as "¿En qué te podemos ayudar?", or leave the setting out')
      .max(140, 'longer than 140 characters — keep the line under the title short')
      .optional()
      .describe(
        'The line under the panel title, e.g. "Respondemos al instante". The bot\'s own greeting comes from its templates.',
      ),
    rateLimitPerMinute: wholeNumber('rateLimitPerMinute', 1, 600, 20).describe(
      'Most messages one visitor may send in a minute; more are refused and not stored.',
    ),
    maxTextLength: wholeNumber('maxTextLength', 1, 4096, 2000).describe(
      'Longest message a visitor may send, in characters; longer ones are refused and not stored.',
    ),
    demoPage: z
      .boolean({ error: 'not true or false — write demoPage: true to serve /demo/{tenant}' })
      .default(false)
      .describe('Serve a sample page with the widget at /demo/{tenant}, to try it without a website.'),
    allowedOrigins: z
      .array(
        z.url({
          protocol: /^https?$/,
          message: 'not a site origin — write it as https://www.example.com (scheme, host, optional port)',
        }),
        { error: 'not a list — write allowedOrigins: [https://www.example.com]' },
      )
      .transform((origins) => origins.map((origin) => new URL(origin).origin))
      .optional()
      .describe(
        "The sites whose pages may open this chat (browsers send their origin); any site when absent. Include Orquesta's own address to keep /demo/{tenant}.",
      ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')} — webchat settings are ${SETTING_NAMES.join(', ')}`
        : undefined,
  },
);

export type WebchatSettings = z.output<typeof webchatSettingsSchema>;

const parsed = new WeakMap<ConnectionConfig, WebchatSettings>();

/**
 * A connection's settings, validated. The registry validates them at start, so this only fails for a
 * connection built around it (a test); the result is cached per connection object.
 */
export function settingsOf(connection: ConnectionConfig): WebchatSettings {
  let settings = parsed.get(connection);
  if (!settings) {
    settings = webchatSettingsSchema.parse(connection.settings);
    parsed.set(connection, settings);
  }
  return settings;
}

/** Whether a browser page of `origin` may use the chat; requests without an origin are not from a page. */
export function isOriginAllowed(settings: WebchatSettings, origin: string | undefined): boolean {
  if (!settings.allowedOrigins || origin === undefined) return true;
  return settings.allowedOrigins.includes(origin);
}
