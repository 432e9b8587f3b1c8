import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orquesta } from '../../orquesta.ts';

/** Liveness, readiness and Prometheus metrics; no token needed. */
export function healthRoutes(orquesta: Orquesta, isProcessing: () => boolean): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['operations'],
          summary: 'Liveness',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    const readiness = z.object({
      status: z.enum(['ready', 'not_ready']),
      database: z.enum(['ok', 'unreachable']),
      workers: z.enum(['running', 'stopped']),
    });
    app.get(
      '/ready',
      {
        schema: {
          tags: ['operations'],
          summary: 'Readiness: database reachable and workers running',
          response: { 200: readiness, 503: readiness },
        },
      },
      async (_request, reply) => {
        const database = await sql`select 1`
          .execute(orquesta.database.db)
          .then(() => 'ok' as const)
          .catch(() => 'unreachable' as const);
        const workers = isProcessing() ? ('running' as const) : ('stopped' as const);
        const ready = database === 'ok' && workers === 'running';
        return reply
          .code(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not_ready', database, workers });
      },
    );

    app.get(
      '/metrics',
      { schema: { tags: ['operations'], summary: 'Prometheus metrics' } },
      async (_request, reply) => {
        const text = await orquesta.metrics.registry.metrics();
        return reply.type(orquesta.metrics.registry.contentType).send(text);
      },
    );
  };
}
