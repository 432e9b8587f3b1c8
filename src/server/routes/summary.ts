/** The admin summary of a tenant's day: what older bots called /resumen-general. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orquesta } from '../../orquesta.ts';
import { localDate, summarizeTenant } from '../../storage/repositories/summary.ts';
import { requireTenant } from '../auth.ts';
import { errorResponses, isoTime, tenantParams } from './admin-schemas.ts';

const summaryResponse = z.object({
  tenant: z.string(),
  date: z.iso.date().describe("The calendar day summarised, in the tenant's time zone."),
  timezone: z.string(),
  from: isoTime.describe('When the day starts, as a UTC instant (inclusive).'),
  to: isoTime.describe('When the next day starts, as a UTC instant (exclusive).'),
  activeContacts: z
    .number()
    .int()
    .describe('Distinct contacts who sent a message in the 24 hours before activeUntil.'),
  activeUntil: isoTime.describe('Now, or the end of the day when the day is over.'),
  messages: z.object({ in: z.number().int(), out: z.number().int() }),
  turns: z.object({
    total: z.number().int(),
    bySkill: z
      .array(z.object({ skill: z.string().nullable(), turns: z.number().int() }))
      .describe('Counted from turn-committed audit events, so erased contacts still count.'),
  }),
  conversations: z
    .object({ bot: z.number().int(), pending_human: z.number().int(), human: z.number().int() })
    .describe('Open conversations right now, by status.'),
});

export function summaryRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tenants/:tenant/summary',
      {
        schema: {
          tags: ['summary'],
          summary: "A day's activity of the tenant",
          params: tenantParams,
          querystring: z.object({
            date: z.iso
              .date({ message: 'must be a date as YYYY-MM-DD, e.g. 2026-11-23' })
              .optional()
              .describe("The day, in the tenant's time zone; today when omitted."),
          }),
          response: { 200: summaryResponse, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const now = orquesta.clock.now();
        const date = request.query.date ?? localDate(now, tenant.timezone);
        const summary = await summarizeTenant(orquesta.database.db, tenant, date, now);
        return { tenant: tenant.id, ...summary };
      },
    );
  };
}
