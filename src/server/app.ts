import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Orquesta } from '../orquesta.ts';
import { appointmentRoutes } from './routes/appointments.ts';
import { createAuthenticator } from './auth.ts';
import { installErrorHandler } from './error-handler.ts';
import { conversationAdminRoutes } from './routes/conversation-admin.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { handoffRoutes } from './routes/handoffs.ts';
import { healthRoutes } from './routes/health.ts';
import { knowledgeRoutes } from './routes/knowledge.ts';
import { llmUsageRoutes } from './routes/llm-usage.ts';
import { nluParseRoutes } from './routes/nlu-parse.ts';
import { orderRoutes } from './routes/orders.ts';
import { testMessageRoutes } from './routes/test-messages.ts';
import { actionCollectionRoutes } from './routes/action-collections.ts';
import { webhookLogRoutes } from './routes/webhook-log.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { webchatRoutes } from './routes/webchat.ts';

export interface AppOptions {
  /** The global admin token for `/api/v1` (ORQUESTA_ADMIN_TOKEN). */
  adminToken: string;
  /** Largest request body accepted, in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** How long the test endpoint waits for a turn before answering 504. */
  turnTimeoutMs?: number;
  /** The public base URL providers call (ORQUESTA_PUBLIC_URL); Twilio signs the URL it called. */
  publicUrl?: string;
  /** Trust X-Forwarded-* headers from a reverse proxy (ORQUESTA_TRUST_PROXY=1) for the public URL. */
  trustProxy?: boolean;
  /** Whether the pipeline is processing in this process, for `/ready`. */
  isProcessing?: () => boolean;
}

/** The HTTP face of Orquesta: operations endpoints, the OpenAPI document and UI, and `/api/v1`. */
export async function createApp(orquesta: Orquesta, options: AppOptions) {
  const app = Fastify({
    loggerInstance: orquesta.logger.child(
      { component: 'http' },
      { serializers: { req: requestForLog } },
    ) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // The API speaks JSON only; other bodies get 415 instead of being read as a string.
  app.removeContentTypeParser('text/plain');

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Orquesta API', version: '1', description: 'Administration and test API of Orquesta.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(orquesta, options.isProcessing ?? (() => true)));
  await app.register(webhookRoutes(orquesta, options.publicUrl ? { publicUrl: options.publicUrl } : {}));
  // Web chat visitors prove who they are with their own signed tokens, outside /api/v1's bearer tokens.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(webchatRoutes(orquesta));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const dashboard = dashboardRoutes(orquesta);
  await app.register(dashboard.pages);
  const authenticate = createAuthenticator(
    options.adminToken,
    orquesta.tenants.values(),
    dashboard.resolveAgentToken,
  );
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.principal = await authenticate(request);
      });
      await api.register(dashboard.api);
      await api.register(testMessageRoutes(orquesta, { turnTimeoutMs: options.turnTimeoutMs ?? 30_000 }));
      await api.register(conversationAdminRoutes(orquesta));
      await api.register(appointmentRoutes(orquesta));
      await api.register(handoffRoutes(orquesta));
      await api.register(webhookLogRoutes(orquesta));
      await api.register(nluParseRoutes(orquesta));
      await api.register(knowledgeRoutes(orquesta));
      await api.register(orderRoutes(orquesta));
      await api.register(llmUsageRoutes(orquesta));
      // Last: a tenant's collection may not take the path of a route above.
      await api.register(actionCollectionRoutes(orquesta));
    },
    { prefix: '/api/v1' },
  );
  return app;
}

/** Secrets a provider may put in a query string: Gupshup's `token`, Meta's `hub.verify_token`. */
const SECRET_QUERY_PARAMETER = /token|secret|signature|password|key/i;

/** Fastify's request fields for its log lines, with the values of secret query parameters masked. */
function requestForLog(request: FastifyRequest) {
  const at = request.url.indexOf('?');
  let url = request.url;
  if (at >= 0) {
    const query = new URLSearchParams(request.url.slice(at + 1));
    for (const name of new Set(query.keys()))
      if (SECRET_QUERY_PARAMETER.test(name)) query.set(name, 'redacted');
    url = `${request.url.slice(0, at)}?${query.toString()}`;
  }
  return {
    method: request.method,
    url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
