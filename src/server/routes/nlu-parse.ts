import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { tenantUnderstander } from '../../nlu/create-understander.ts';
import type { Orquesta } from '../../orquesta.ts';
import { requireTenant } from '../auth.ts';

const requestBody = z.object({
  text: z.string().min(1).max(4096).describe('The message to understand.'),
  now: z.iso
    .datetime({
      offset: true,
      message: 'must be an ISO-8601 date-time with offset, e.g. 2026-11-23T09:00:00-05:00',
    })
    .optional()
    .describe('The clock relative dates are resolved against; the server\'s "now" by default.'),
});

const intentScore = z.object({ name: z.string(), confidence: z.number() });
const entity = z
  .object({
    entity: z.string().describe('time, number, amount-of-money, service, make, …'),
    start: z.number().int().describe('Offset of the first character in `text`.'),
    end: z.number().int().describe('Offset after the last character in `text`.'),
    value: z.unknown().describe('Resolved value: an ISO date-time, a number, a lookup value, {from, to} …'),
    extractor: z.string(),
  })
  .loose()
  .describe('An entity, with any extra fields of its kind (grain, unit, …).');

/** The shape of Rasa's `/model/parse` answer. */
export const parseResultSchema = z.object({
  text: z.string(),
  intent: z.object({
    name: z.string().nullable().describe("Null when the best intent is below the tenant's threshold."),
    confidence: z.number(),
  }),
  intent_ranking: z.array(intentScore),
  entities: z.array(entity),
});

/** `POST /tenants/{tenant}/nlu/parse`: how the tenant's bot understands a text, without a conversation. */
export function nluParseRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tenants/:tenant/nlu/parse',
      {
        schema: {
          tags: ['nlu'],
          summary: "Understand a text with the tenant's model, in the shape of Rasa's /model/parse",
          params: z.object({ tenant: z.string() }),
          body: requestBody,
          response: { 200: parseResultSchema },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const understander = tenantUnderstander(tenant, {
          baseDir: orquesta.config.baseDir,
          logger: orquesta.logger,
        });
        const { text, now } = request.body;
        return understander.parse(text, {
          now: now ? new Date(now) : orquesta.clock.now(),
          timezone: tenant.timezone,
        });
      },
    );
  };
}
