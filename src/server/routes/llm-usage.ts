/** A tenant's language-model usage per day and model: calls, errors, tokens, cost and latency. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import { dailyUsage } from '../../llm/usage.ts';
import type { Orquesta } from '../../orquesta.ts';
import { localDate } from '../../storage/repositories/summary.ts';
import { requireTenant } from '../auth.ts';
import { errorResponses, tenantParams } from './admin-schemas.ts';

/** The longest range one request may ask for. */
const MAX_DAYS = 366;

const day = (which: string) =>
  z.iso
    .date({ message: 'must be a date as YYYY-MM-DD, e.g. 2026-11-23' })
    .optional()
    .describe(`The ${which} day, in the tenant's time zone (included).`);

const totals = {
  calls: z.number().int(),
  errors: z.number().int().describe('Calls that failed (timeout, provider error, refused connection).'),
  rejected: z.number().int().describe('Answers a check refused (the grounding guard); their tokens count.'),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  cost: z.number().describe("From the tenant's price table (llm.prices); 0 for models without a price."),
};

const usageResponse = z.object({
  tenant: z.string(),
  timezone: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  dailyTokenBudget: z.number().int().nullable(),
  days: z.array(
    z.object({
      day: z.iso.date(),
      model: z.string(),
      ...totals,
      latencyP50Ms: z.number().int(),
      latencyP95Ms: z.number().int(),
    }),
  ),
  totals: z.object(totals),
});

export function llmUsageRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tenants/:tenant/llm/usage',
      {
        schema: {
          tags: ['llm'],
          summary: "The tenant's language-model usage by day and model",
          description:
            'Calls, errors, tokens, cost and latency (p50, p95) of every language-model call, by day in ' +
            "the tenant's time zone and by model. The last 7 days (today included) unless from/to are given.",
          params: tenantParams,
          querystring: z.object({ from: day('first'), to: day('last') }),
          response: { 200: usageResponse, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const today = localDate(orquesta.clock.now(), tenant.timezone);
        const to = request.query.to ?? today;
        const from = request.query.from ?? addDays(to, -6);
        const span = daysBetween(from, to);
        if (span < 0) {
          throw new OrquestaError(
            'invalid_request',
            `from (${from}) is after to (${to}) — give from <= to, e.g. ?from=${to}&to=${from}`,
          );
        }
        if (span >= MAX_DAYS) {
          throw new OrquestaError(
            'invalid_request',
            `from ${from} to ${to} spans ${span + 1} days — ask for at most ${MAX_DAYS} days at a time`,
          );
        }
        const days = await dailyUsage(orquesta.database.db, tenant.id, from, to);
        const sum = (pick: (row: (typeof days)[number]) => number) =>
          days.reduce((total, row) => total + pick(row), 0);
        return {
          tenant: tenant.id,
          timezone: tenant.timezone,
          from,
          to,
          dailyTokenBudget: tenant.llm?.dailyTokenBudget ?? null,
          days,
          totals: {
            calls: sum((row) => row.calls),
            errors: sum((row) => row.errors),
            rejected: sum((row) => row.rejected),
            tokensIn: sum((row) => row.tokensIn),
            tokensOut: sum((row) => row.tokensOut),
            cost: Math.round(sum((row) => row.cost) * 1e6) / 1e6,
          },
        };
      },
    );
  };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
