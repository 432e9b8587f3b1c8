/**
 * The format of `orquesta.yaml`. This schema is the single definition: it validates the file, gives the
 * code its types, and is published as a JSON Schema (`orquesta config schema`) for editors.
 */
import { z } from 'zod';
import { llmSchema } from '../llm/llm-config.ts';

const identifier = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'not a valid id — use lowercase letters, digits, "-" and "_", starting with a letter or digit',
  );

const timezone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone — use a name such as America/Bogota' },
);

export const CHANNEL_KINDS = [
  'test',
  'console',
  'whatsapp-cloud',
  'twilio',
  'gupshup',
  'telegram',
  'webchat',
] as const;

export const connectionSchema = z
  .object({
    id: identifier.describe('Unique within the tenant; part of the webhook URL /webhooks/{tenant}/{id}.'),
    channel: z.enum(CHANNEL_KINDS).describe('Which channel this connection speaks.'),
    settings: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Channel-specific settings (credentials come from ${ENV} variables).'),
  })
  .strict();

export const NLU_PROVIDERS = ['embedded', 'rasa'] as const;

export const nluSchema = z
  .object({
    provider: z
      .enum(NLU_PROVIDERS)
      .default('embedded')
      .describe(
        'embedded: the model trained from `data`; rasa: a Rasa server at `url`, with the embedded model as fallback.',
      ),
    data: z
      .string()
      .optional()
      .describe('Training data: a Rasa nlu.yml or a JSONL file of {text, intent}, relative to this file.'),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('Below this confidence the intent is null and the bot asks again.'),
    url: z
      .url({ protocol: /^https?$/, message: 'not an http(s) URL — write e.g. http://localhost:5005' })
      .optional()
      .describe("The Rasa server's base URL (provider rasa); Orquesta calls POST {url}/model/parse."),
    timeoutMs: z.coerce
      .number()
      .int()
      .min(1)
      .max(60_000)
      .default(2000)
      .describe('How long to wait for the Rasa server before the embedded model answers instead.'),
  })
  .strict()
  .superRefine((nlu, context) => {
    if (nlu.provider === 'rasa' && !nlu.url) {
      context.addIssue({
        code: 'custom',
        path: ['url'],
        message: "required with provider rasa — give the Rasa server's address, e.g. http://localhost:5005",
      });
    }
  });

export const tenantSchema = z
  .object({
    id: identifier.describe('Stable id used in URLs and in the database.'),
    name: z.string().min(1).describe('The business name the bot introduces itself with.'),
    locale: z.enum(['es', 'en']).default('es').describe('Default language of replies.'),
    timezone: timezone.describe('IANA time zone used for dates and business hours.'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'not a currency code — use an ISO 4217 code such as COP or MXN')
      .describe('ISO 4217 code used to format prices.'),
    debounceMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(1500)
      .describe('Messages from one person closer together than this are understood as one turn.'),
    apiToken: z
      .string()
      .min(16, 'too short for a token — use at least 16 random characters')
      .optional()
      .describe(
        'Bearer token for this tenant\'s /api/v1 routes; read it from the environment: "${CLINICA_API_TOKEN}".',
      ),
    skills: z.array(identifier).default(['smalltalk']).describe("Skills this tenant's bot uses."),
    connections: z
      .array(connectionSchema)
      .default([])
      .describe('Where messages come from and replies go: one entry per channel account.'),
    nlu: nluSchema
      .default({ provider: 'embedded', threshold: 0.6, timeoutMs: 2000 })
      .describe("Understanding: this tenant's training data, threshold and provider."),
    business: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Business data for the skills: files relative to this file, and settings.'),
    skillSettings: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        "Settings of the tenant's skills by skill name, e.g. { handoff: { keywords: [urgente] } }; each skill checks its own at start (docs/skills/).",
      ),
    templates: z
      .record(z.string(), z.record(z.string(), z.string()))
      .default({})
      .describe(
        'Reply overrides by locale then template key, e.g. { es: { "smalltalk.greeting": "¡Hola!" } }.',
      ),
    llm: llmSchema
      .optional()
      .describe('A language model behind the templates (docs/llm.md); without it the bot needs no API key.'),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional().describe('Where editors find this JSON Schema, if not in a comment.'),
    tenants: z.array(tenantSchema).min(1, 'no tenants — define at least one tenant'),
  })
  .strict()
  .superRefine(
    (config, context) => {
      // Runs even when other parts are invalid (`when` below), so every problem is listed at once;
      // the value may then be only partly valid.
      const tenants: unknown[] = Array.isArray(config.tenants) ? config.tenants : [];
      reportDuplicates(tenants, ['tenants'], 'tenant id', context);
      tenants.forEach((tenant, index) => {
        const connections = (tenant as { connections?: unknown } | null)?.connections;
        if (Array.isArray(connections)) {
          reportDuplicates(connections, ['tenants', index, 'connections'], 'connection id', context);
        }
      });
    },
    { when: (payload) => payload.value !== null && typeof payload.value === 'object' },
  );

function reportDuplicates(
  items: unknown[],
  path: (string | number)[],
  what: string,
  context: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) {
      context.addIssue({
        code: 'custom',
        path: [...path, index, 'id'],
        message: `${what} "${id}" is used twice — give each one its own id`,
      });
    }
    seen.add(id);
  });
}

export type OrquestaConfig = z.infer<typeof configSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;
export type ConnectionConfig = z.infer<typeof connectionSchema>;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A `${VAR}` or `${VAR:-default}` reference somewhere in a string, as a JSON Schema pattern. */
const ENV_REFERENCE_PATTERN = '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}';

/**
 * The JSON Schema of the configuration file, for editors (`# yaml-language-server: $schema=…`). Editors
 * see the file before interpolation, so wherever a value is constrained (a number, an enum, a pattern)
 * an environment reference such as `${ORQUESTA_DEBOUNCE_MS:-1500}` is accepted too.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return {
    $schema: schema.$schema,
    title: 'Orquesta configuration (orquesta.yaml)',
    description: 'Tenants, their channels, language data and business settings. See docs/configuration.md.',
    ...allowEnvReferences(omit(schema, ['$schema'])),
  };
}

type JsonSchema = Record<string, unknown>;

const CONSTRAINTS = ['enum', 'const', 'pattern', 'minLength', 'maxLength', 'format'];

function allowEnvReferences(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = { ...schema };
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    result.properties = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, allowEnvReferences(value)]),
    );
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = schema[key];
    if (child && typeof child === 'object') result[key] = allowEnvReferences(child as JsonSchema);
  }
  const scalar = ['integer', 'number', 'boolean'].includes(String(schema.type));
  const constrained = CONSTRAINTS.some((constraint) => constraint in schema);
  if (!scalar && !constrained) return result;
  const { description, default: fallback } = schema;
  return {
    ...(description === undefined ? {} : { description }),
    ...(fallback === undefined ? {} : { default: fallback }),
    anyOf: [omit(result, ['description', 'default']), { type: 'string', pattern: ENV_REFERENCE_PATTERN }],
  };
}

function omit(schema: JsonSchema, keys: string[]): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !keys.includes(key)));
}
