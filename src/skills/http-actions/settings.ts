/**
 * How a tenant declares calls to its own API: the settings of the `http-actions` skill in orquesta.yaml.
 * Secrets are written `${VAR}` and filled from the environment by the config loader before this schema
 * sees them; the turn's values go in through `{{…}}` placeholders (render-template.ts).
 */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { JsonValue } from '../../core/json.ts';
import { describeIssue } from '../../tenancy/describe-issue.ts';
import { checkCollections, collectionNameSchema, collectionSchema } from './collection-settings.ts';
import { placeholdersInJson, placeholdersOf } from './render-template.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What a placeholder may name besides `slots.<name>`. */
export const TURN_PLACEHOLDERS = ['contact.phone', 'contact.name', 'conversation.id', 'tenant.id'] as const;

const snakeCase = /^[a-z][a-z0-9_]*$/;

const actionName = z
  .string()
  .regex(snakeCase, 'not a valid action name — use lowercase letters, digits and "_", e.g. reportar_falla');

const templateKey = z
  .string()
  .regex(
    /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/,
    'not a reply template key — write <group>.<name>, e.g. isp.ticket_created, and define it under templates:',
  );

const slotSchema = z
  .object({
    type: z.enum(['string', 'number', 'boolean']).default('string').describe('The kind of value.'),
    required: z.boolean().default(true).describe('Whether the action needs it to be called.'),
    values: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('The only values a string slot accepts, e.g. [sin_servicio, lento].'),
    pattern: z
      .string()
      .refine(compiles, 'not a valid regular expression — check its brackets and escapes')
      .optional()
      .describe('A regular expression a string slot must match entirely, e.g. "TK-\\d+".'),
    description: z.string().optional().describe('What the slot holds, for whoever fills it.'),
    prompt: templateKey
      .optional()
      .describe('The template of the question the conversation asks for it; needed for a required slot.'),
    invalid: templateKey
      .optional()
      .describe('Said when an answer does not fit the slot (e.g. a ticket number of the wrong form).'),
    keywords: z
      .record(z.string(), z.array(z.string().min(1)).min(1))
      .optional()
      .describe(
        'Words in the customer’s message that choose a value, by value: { sin_servicio: [sin internet, no tengo internet] }.',
      ),
  })
  .strict();

/** A key of a mapping: refused with its own message (zod's is "Invalid key in record"). */
function keyed<Value extends z.ZodType>(pattern: RegExp, problem: string, value: Value) {
  return z.record(z.string().regex(pattern), value, {
    error: (issue) => (issue.code === 'invalid_key' ? problem : undefined),
  });
}

const responsePath = z
  .string()
  .regex(
    /^[\w-]+(\.[\w-]+)*$/,
    'not a field path — write the field names separated by dots, e.g. ticket.id (a list item: items.0.name)',
  );

export const httpActionSchema = z
  .object({
    name: actionName.describe('Unique within the tenant; the tool name, e.g. reportar_falla.'),
    description: z
      .string()
      .min(1)
      .optional()
      .describe('One sentence on what it does and when to use it (read by an LLM agent).'),
    intent: z
      .string()
      .regex(snakeCase, 'not an intent name — use the name from the training data, e.g. reportar_falla')
      .optional()
      .describe('The intent that leads to this action.'),
    method: z.enum(HTTP_METHODS).describe('The HTTP method.'),
    url: z
      .string()
      .describe(
        'The address, with {{…}} placeholders only after the host: https://api.example.com/tickets/{{slots.ticket}}. Values are URI-encoded.',
      ),
    headers: keyed(
      /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
      'not a header name — use letters, digits and "-", e.g. Authorization',
      z.string(),
    )
      .default({})
      .describe('Extra headers; secrets from the environment: Authorization: "Bearer ${ISP_BACKEND_TOKEN}".'),
    slots: keyed(snakeCase, 'not a slot name — use lowercase letters, digits and "_", e.g. kind', slotSchema)
      .default({})
      .describe('The values the action needs from the conversation, used as {{slots.<name>}}.'),
    body: z
      .record(z.string(), z.json())
      .optional()
      .describe(
        'The JSON body: a mapping whose text values may be {{…}} placeholders (a whole placeholder keeps its type).',
      ),
    timeoutMs: z.coerce
      .number()
      .int()
      .min(1)
      .max(60_000)
      .default(5000)
      .describe('How long one attempt may take.'),
    retries: z.coerce
      .number()
      .int()
      .min(0)
      .max(5)
      .default(2)
      .describe('Further attempts after a network error, a timeout, a 5xx or a 429, with backoff.'),
    response: keyed(
      /^\w+$/,
      'not a reply variable name — use letters, digits and "_", e.g. ticket',
      responsePath,
    )
      .default({})
      .describe('Reply variables picked from the JSON answer by path, e.g. { ticket: ticket.id }.'),
    option: templateKey
      .optional()
      .describe('The title of a button that starts the action, offered when the bot did not understand.'),
    confirm: templateKey
      .optional()
      .describe('The template of the summary asked (yes or no) before the call; gets the slots.'),
    reply: z
      .object({
        success: templateKey.describe(
          'Said when the API answers 2xx; gets the slots and the response variables.',
        ),
        error: templateKey.default('http-actions.failed').describe('Said when the call fails for good.'),
        byStatus: keyed(/^[1-5]\d\d$/, 'not an HTTP status — use a number such as 404', templateKey)
          .default({})
          .describe('A reply for a particular error status, e.g. { 404: isp.ticket_not_found }.'),
      })
      .strict()
      .describe('Reply template keys.'),
  })
  .strict()
  .superRefine((action, context) => {
    checkUrl(action.url, context);
    if (action.method === 'GET' && action.body !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'a GET request has no body — remove body, or use POST',
      });
    }
    const slotNames = new Set(Object.keys(action.slots));
    const used: [PropertyKey[], string[]][] = [
      [['url'], placeholdersOf(action.url)],
      ...Object.entries(action.headers).map(([name, value]): [PropertyKey[], string[]] => [
        ['headers', name],
        placeholdersOf(value),
      ]),
      [['body'], action.body === undefined ? [] : placeholdersInJson(action.body as JsonValue)],
    ];
    for (const [path, placeholders] of used) {
      for (const placeholder of placeholders) {
        const problem = unknownPlaceholder(placeholder, slotNames);
        if (problem) context.addIssue({ code: 'custom', path, message: problem });
      }
    }
    for (const [name, slot] of Object.entries(action.slots)) {
      for (const value of Object.keys(slot.keywords ?? {})) {
        if (!slot.values?.includes(value)) {
          context.addIssue({
            code: 'custom',
            path: ['slots', name, 'keywords', value],
            message: `"${value}" is not one of the slot's values — use one of: ${(slot.values ?? []).join(', ') || 'none (add values: first)'}`,
          });
        }
      }
      if (slot.type !== 'string' && (slot.values || slot.pattern)) {
        context.addIssue({
          code: 'custom',
          path: ['slots', name],
          message: `values and pattern apply to text only — remove them, or make slot "${name}" type: string`,
        });
      }
    }
  });

export const httpActionsSettingsSchema = z
  .object({
    actions: z
      .array(httpActionSchema)
      .min(1, 'no actions — declare at least one under actions:')
      .describe("Calls to the business's own API, one per action."),
    collections: z
      .record(collectionNameSchema, collectionSchema, {
        error: (issue) =>
          issue.code === 'invalid_key'
            ? 'not a collection name — use lowercase letters, digits and "-", e.g. tickets'
            : undefined,
      })
      .default({})
      .describe(
        'Actions listed by the admin API for a contact: { tickets: { action: listar_tickets, items: tickets } }.',
      ),
  })
  .strict()
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.actions.forEach((action, index) => {
      if (seen.has(action.name)) {
        context.addIssue({
          code: 'custom',
          path: ['actions', index, 'name'],
          message: `action "${action.name}" is declared twice — give each action its own name`,
        });
      }
      seen.add(action.name);
    });
    checkCollections(settings.collections, settings.actions, context);
  });

export type HttpAction = z.output<typeof httpActionSchema>;
export type HttpActionSlot = z.output<typeof slotSchema>;
export type HttpActionsSettings = z.output<typeof httpActionsSettingsSchema>;

/**
 * Validates a tenant's `http-actions` settings outside the whole configuration (the configuration schema
 * embeds `httpActionsSettingsSchema` itself). Every problem is listed as `where.path: what — how to fix`.
 */
export function parseHttpActionsSettings(raw: unknown, where: string): HttpActionsSettings {
  const result = httpActionsSettingsSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap(describeIssue).map(({ text }) => `${where}.${text}`);
  throw new OrquestaError('invalid_config', `invalid http-actions settings:\n  ${problems.join('\n  ')}`, {
    details: problems,
  });
}

/** The host must be written out: a placeholder there would let a customer's words choose the server. */
function checkUrl(url: string, context: z.RefinementCtx): void {
  const origin = /^https?:\/\/[^/?#{}\s]+/.exec(url);
  const rest = origin ? url.slice(origin[0].length) : '';
  const placeholderFree = url.replace(/\{\{[^}]*\}\}/g, 'x');
  if (!origin || (rest !== '' && !/^[/?]/.test(rest)) || !URL.canParse(placeholderFree)) {
    context.addIssue({
      code: 'custom',
      path: ['url'],
      message:
        'not an http(s) URL with a fixed host — write e.g. https://api.example.com/tickets/{{slots.ticket}}, with placeholders only after the host',
    });
  }
}

function unknownPlaceholder(placeholder: string, slotNames: Set<string>): string | undefined {
  if ((TURN_PLACEHOLDERS as readonly string[]).includes(placeholder)) return undefined;
  const slot = /^slots\.(\w+)$/.exec(placeholder);
  if (slot) {
    if (slotNames.has(slot[1]!)) return undefined;
    return `{{${placeholder}}} names no declared slot — add "${slot[1]}" under slots:, or fix the name`;
  }
  return `{{${placeholder}}} is not a known value — use {{slots.<name>}} or one of ${TURN_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
