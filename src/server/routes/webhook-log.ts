import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orquesta } from '../../orquesta.ts';
import { listWebhookLog } from '../../storage/repositories/webhook-log.ts';
import { requireTenant } from '../auth.ts';

const entry = z.object({
  id: z.number(),
  connectionId: z.string(),
  channel: z.string(),
  method: z.string(),
  receivedAt: z.string(),
  eventTypes: z.array(z.string()),
  status: z.number(),
  error: z.string().nullable(),
  durationMs: z.number(),
  payload: z
    .unknown()
    .describe('The payload with message text, names, phone numbers and secrets redacted; null when refused.'),
});

/** The webhook log: every webhook request, newest first — the first place to look when a bot is silent. */
export function webhookLogRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tenants/:tenant/webhook-log',
      {
        schema: {
          tags: ['webhooks'],
          summary: "The tenant's webhook requests, newest first",
          params: z.object({ tenant: z.string() }),
          querystring: z.object({
            connection: z.string().optional(),
            status: z.coerce.number().int().min(100).max(599).optional(),
            failed: z
              .enum(['true', 'false'])
              .optional()
              .describe('true: only requests answered with 4xx or 5xx'),
            since: z.iso.datetime({ offset: true }).optional(),
            before: z.coerce
              .number()
              .int()
              .positive()
              .optional()
              .describe('nextBeforeId of the previous page'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ entries: z.array(entry), nextBeforeId: z.number().nullable() }) },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const { connection, status, failed, since, before, limit } = request.query;
        return listWebhookLog(orquesta.database.db, tenant.id, {
          limit,
          ...(connection ? { connectionId: connection } : {}),
          ...(status !== undefined ? { status } : {}),
          ...(failed === 'true' ? { failed: true } : {}),
          ...(since ? { since: new Date(since).toISOString() } : {}),
          ...(before !== undefined ? { beforeId: before } : {}),
        });
      },
    );
  };
}
