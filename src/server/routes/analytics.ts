/**
 * Analytics under `/api/v1/tenants/{tenant}/…`: the tenant's figures per day in its time zone, and one
 * contact's figures. The admin token, the tenant's token and the tenant's agents may read them.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import {
  contactAnalytics,
  dailyAnalytics,
  MAX_ANALYTICS_DAYS,
} from '../../storage/repositories/analytics.ts';
import { localDate } from '../../storage/repositories/summary.ts';
import { contactParams, errorResponses, isoTime, notFound, tenantParams } from './admin-schemas.ts';
import { requireTenantReader } from './agents.ts';

const count = z.object({ name: z.string().nullable(), count: z.number().int() });
const rate = z.number().min(0).max(1).nullable();
const amounts = z.record(z.string(), z.number()).describe('Sums by ISO 4217 currency code.');

const dayFigures = z.object({
  conversations: z.number().int().describe('Conversations with at least one turn.'),
  messages: z.object({ in: z.number().int(), out: z.number().int() }),
  automated: z
    .number()
    .int()
    .describe('Conversations whose turns were all answered by the bot (no hand-off).'),
  automationRate: rate.describe('automated / conversations.'),
  escalations: z.object({ total: z.number().int(), byReason: z.array(count) }),
  escalationRate: rate.describe('Conversations handed off / conversations.'),
  turns: z.object({
    total: z.number().int(),
    answered: z.number().int(),
    fallback: z.number().int(),
    silenced: z.number().int(),
  }),
  fallbackRate: rate.describe('Fallback turns / the bot’s turns (answered + fallback).'),
  intents: z.array(count),
  skills: z.array(count),
  errors: z.object({
    deliveries: z.array(count).describe('Replies that failed, by the provider’s error code.'),
    failedTurns: z.number().int().describe('Customer messages whose turn failed after its retries.'),
  }),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  llm: z.object({
    calls: z.number().int(),
    errors: z.number().int().describe('Calls that failed after their retries.'),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    cost: z.number(),
  }),
  appointments: z.object({ booked: z.number().int(), cancelled: z.number().int() }),
  orders: z.object({ paid: z.number().int(), amount: amounts }),
});

const dailyResponse = z.object({
  tenant: z.string(),
  timezone: z.string(),
  from: isoTime.describe('When the first day starts (inclusive).'),
  to: isoTime.describe('When the day after the last starts (exclusive).'),
  days: z.array(dayFigures.extend({ date: z.iso.date() })),
  totals: dayFigures.describe('The whole range; rates and percentiles over the range, not averaged.'),
});

const contactResponse = z.object({
  contactId: z.string(),
  firstSeenAt: isoTime,
  lastSeenAt: isoTime,
  conversations: z.number().int(),
  messages: z.object({ in: z.number().int(), out: z.number().int() }),
  appointments: z.object({ booked: z.number().int(), cancelled: z.number().int() }),
  orders: z.object({ total: z.number().int(), paid: z.number().int(), amount: amounts }),
  escalations: z.object({ total: z.number().int(), byReason: z.array(count) }),
});

const date = z.iso.date({ message: 'must be a date as YYYY-MM-DD, e.g. 2026-11-23' });

export function analyticsRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  return async (app) => {
    app.get(
      '/tenants/:tenant/analytics/daily',
      {
        schema: {
          tags: ['analytics'],
          summary: "The tenant's figures for each day of a range, in its time zone",
          params: tenantParams,
          querystring: z.object({
            from: date.optional().describe('First day (included); 6 days before `to` when omitted.'),
            to: date
              .optional()
              .describe("Last day (included); today in the tenant's time zone when omitted."),
          }),
          response: { 200: dailyResponse, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenantReader(request, orquesta.tenants, request.params.tenant);
        const to = request.query.to ?? localDate(orquesta.clock.now(), tenant.timezone);
        const from = request.query.from ?? daysBefore(to, 6);
        if (from > to)
          throw new OrquestaError('invalid_request', `from (${from}) is after to (${to}) — swap them`, {
            details: [{ where: 'querystring.from', problem: 'after to' }],
          });
        if (daysBetween(from, to) + 1 > MAX_ANALYTICS_DAYS)
          throw new OrquestaError(
            'invalid_request',
            `the range ${from} … ${to} is longer than ${MAX_ANALYTICS_DAYS} days — ask for a shorter one`,
            { details: [{ where: 'querystring', problem: `more than ${MAX_ANALYTICS_DAYS} days` }] },
          );
        return { tenant: tenant.id, ...(await dailyAnalytics(db, tenant, from, to)) };
      },
    );

    app.get(
      '/tenants/:tenant/contacts/:id/analytics',
      {
        schema: {
          tags: ['analytics', 'contacts'],
          summary: "A contact's figures: messages, first and last seen, appointments, orders, escalations",
          params: contactParams,
          response: { 200: contactResponse, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenantReader(request, orquesta.tenants, request.params.tenant);
        const figures = await contactAnalytics(db, tenant.id, request.params.id);
        if (!figures) throw notFound('contact', request.params.id, tenant.id);
        return figures;
      },
    );
  };
}

const DAY_MS = 86_400_000;

/** The calendar date `days` before `date` (YYYY-MM-DD). */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(first: string, last: string): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS);
}
