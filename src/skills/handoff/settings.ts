/** `skillSettings.handoff` of a tenant: what hands a conversation to a person, and who answers it. */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { weeklyHoursSchema, type WeeklyHours } from './agent-hours.ts';

/** `true`, `false`, or weekly hours; the hours' own problems are reported at their day. */
const availabilitySchema = z.unknown().transform((value, context): boolean | WeeklyHours => {
  if (typeof value === 'boolean') return value;
  const hours = weeklyHoursSchema.safeParse(value);
  if (hours.success) return hours.data;
  const objectGiven = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!objectGiven)
    context.addIssue({
      code: 'custom',
      message: 'must be true, false or weekly hours such as { lunes: "08:00-18:00" }',
    });
  else for (const issue of hours.error.issues) context.addIssue({ ...issue, code: 'custom' });
  return z.NEVER;
});

const agentSchema = z
  .object({
    id: z
      .string({ error: 'must be an id such as "laura"' })
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'not a valid id — use lowercase letters, digits, "-" and "_"'),
    name: z.string({ error: 'must be the name the customer is told, e.g. "Laura"' }).min(1),
    phone: z
      .string()
      .regex(/^\d{7,15}$/, 'must be the phone number in digits with country code, e.g. "573001234567"')
      .optional(),
    available: availabilitySchema.default(true),
    maxConcurrent: z
      .number({ error: 'must be a whole number, e.g. 3' })
      .int('must be a whole number, e.g. 3')
      .min(1, 'must be at least 1')
      .default(3),
    // "${LAURA_TOKEN:-}" with the variable unset is "": no token from the configuration.
    token: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string({ error: 'must be the agent\'s inbox token, read from the environment: "${LAURA_TOKEN}"' })
        .min(16, 'too short for a token — use at least 16 random characters, e.g. `openssl rand -hex 24`')
        .optional(),
    ),
  })
  .strict();

/** What the agent template's body placeholders `{{1}}`, `{{2}}`, … are filled with, in order. */
export const AGENT_TEMPLATE_PARAMETERS = [
  'customer_name',
  'customer_phone',
  'reason',
  'conversation_id',
  'agent_name',
] as const;
export type AgentTemplateParameter = (typeof AGENT_TEMPLATE_PARAMETERS)[number];

/** The approved WhatsApp template sent to an agent's phone when a hand-off is assigned to them. */
const agentTemplateSchema = z
  .object(
    {
      connection: z
        .string({
          error: 'must be the id of one of the tenant\'s whatsapp-cloud connections, e.g. "whatsapp"',
        })
        .min(1, 'must be the id of one of the tenant\'s whatsapp-cloud connections, e.g. "whatsapp"'),
      name: z
        .string({ error: 'must be the name of an approved WhatsApp template, e.g. "nueva_conversacion"' })
        .regex(/^[a-z0-9_]+$/, 'must be a WhatsApp template name such as "nueva_conversacion"'),
      language: z
        .string({ error: 'must be the template\'s language code, e.g. "es" or "es_MX"' })
        .regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must be a language code such as "es" or "es_MX"'),
      parameters: z
        .array(
          z.enum(AGENT_TEMPLATE_PARAMETERS, {
            error: `must be one of ${AGENT_TEMPLATE_PARAMETERS.join(', ')}`,
          }),
          {
            error: 'must be a list such as [customer_name, customer_phone, reason]',
          },
        )
        .default([]),
    },
    { error: 'must be { connection, name, language, parameters }' },
  )
  .strict();

export const handoffSettingsSchema = z
  .object({
    keywords: z
      .array(z.string().min(1), { error: 'must be a list of words, e.g. [urgente, queja]' })
      .default([]),
    lowConfidenceTurns: z
      .number({ error: 'must be a whole number, e.g. 2' })
      .int('must be a whole number, e.g. 2')
      .min(1, 'must be at least 1')
      .default(2),
    messageLimit: z
      .number({ error: 'must be a whole number of turns, e.g. 30' })
      .int('must be a whole number, e.g. 30')
      .min(1, 'must be at least 1')
      .optional(),
    agents: z.array(agentSchema).default([]),
    notifyWebhookUrl: z
      .url({
        protocol: /^https?$/,
        message: 'not an http(s) URL — write e.g. https://example.com/hooks/handoff',
      })
      .optional(),
    agentTemplate: agentTemplateSchema.optional(),
  })
  .strict()
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.agents.forEach((agent, index) => {
      if (seen.has(agent.id))
        context.addIssue({
          code: 'custom',
          path: ['agents', index, 'id'],
          message: `agent id "${agent.id}" is used twice — give each agent its own id`,
        });
      seen.add(agent.id);
    });
  });

export type HandoffSettings = z.infer<typeof handoffSettingsSchema>;
export type Agent = HandoffSettings['agents'][number];
export type AgentTemplate = NonNullable<HandoffSettings['agentTemplate']>;
export type AgentAvailability = boolean | WeeklyHours;

/** The tenant's hand-off settings, checked; throws `invalid_config` naming the setting and the fix. */
export function parseHandoffSettings(tenant: TenantConfig): HandoffSettings {
  const result = handoffSettingsSchema.safeParse(tenant.skillSettings.handoff ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = ['skillSettings', 'handoff', ...issue.path].join('.');
    throw new OrquestaError('invalid_config', `tenant "${tenant.id}": ${path}: ${issue.message}`);
  }
  const template = result.data.agentTemplate;
  if (template) {
    const whatsapp = tenant.connections.filter((connection) => connection.channel === 'whatsapp-cloud');
    if (!whatsapp.some((connection) => connection.id === template.connection)) {
      const known = whatsapp.map((connection) => `"${connection.id}"`).join(', ');
      throw new OrquestaError(
        'invalid_config',
        `tenant "${tenant.id}": skillSettings.handoff.agentTemplate.connection: "${template.connection}" is not a whatsapp-cloud connection of the tenant — ${known ? `use one of ${known}` : 'add a whatsapp-cloud connection first'}`,
      );
    }
  }
  return result.data;
}
