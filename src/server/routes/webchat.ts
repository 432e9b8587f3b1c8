/**
 * The web chat's public face: the widget script, its configuration, visitor registration and the visitor's
 * socket, plus the optional demo page. None of it takes the admin API's bearer tokens: visitors are
 * anonymous and prove who they are with the signed token they got at registration. The JSON endpoints
 * answer any origin (CORS), since the widget runs on the business's own site.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isWebchatChannel, type WebchatChannel } from '../../channels/webchat/index.ts';
import { renderDemoPage } from '../../channels/webchat/demo-page.ts';
import { CLOSE_CODES } from '../../channels/webchat/protocol.ts';
import { isOriginAllowed, settingsOf, type WebchatSettings } from '../../channels/webchat/settings.ts';
import { openVisitorSession, type VisitorSession } from '../../channels/webchat/visitor-session.ts';
import {
  connectionOfToken,
  createVisitor,
  verifyVisitorToken,
} from '../../channels/webchat/visitor-token.ts';
import { WIDGET_TEXTS } from '../../channels/webchat/widget-texts.ts';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import type { DeliveryAttempt } from '../../pipeline/outbox-sender.ts';
import { parseHandoffSettings } from '../../skills/handoff/settings.ts';
import type { ConnectionConfig, TenantConfig } from '../../tenancy/config-schema.ts';
import { errorBody } from './admin-schemas.ts';

export interface WebchatRouteOptions {
  /** How often each visitor socket reads the database when nothing woke it; 1 s by default. */
  pollMs?: number;
}

interface WebchatTarget {
  tenant: TenantConfig;
  connection: ConnectionConfig;
  channel: WebchatChannel;
  settings: WebchatSettings;
}

const WIDGET_FILE = new URL('../../channels/webchat/widget/widget.js', import.meta.url);

const tenantParams = z.object({ tenant: z.string().min(1).max(100) });
const connectionQuery = z.object({
  connection: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,99}$/,
      'not a connection id — use the id of a webchat connection, e.g. "web"',
    )
    .optional()
    .describe("The web chat connection; the tenant's first one when left out."),
});
const publicErrors = { 400: errorBody, 403: errorBody, 404: errorBody };

const widgetConfig = z.object({
  tenant: z.string(),
  connection: z.string(),
  locale: z.enum(['es', 'en']),
  title: z.string(),
  greeting: z.string().nullable(),
  color: z.string(),
  maxTextLength: z.number().int(),
  texts: z.record(z.string(), z.string()).describe("The widget's labels in the tenant's language."),
});

export function webchatRoutes(orquesta: Orquesta, options: WebchatRouteOptions = {}): FastifyPluginAsyncZod {
  const widget = readFileSync(WIDGET_FILE);
  const widgetTag = `"${createHash('sha256').update(widget).digest('base64url').slice(0, 27)}"`;
  const sessions = new Set<VisitorSession>();
  /** Work of sockets that closed but may still be reading the database. */
  const draining = new Set<Promise<void>>();
  const agentNames = new Map<string, ReadonlyMap<string, string>>();

  function target(tenantId: string, connectionId: string | undefined): WebchatTarget {
    const tenant = orquesta.tenants.get(tenantId);
    if (!tenant)
      throw new OrquestaError(
        'not_found',
        `tenant "${tenantId}" does not exist — check data-tenant on the widget's script tag`,
      );
    const webchats = tenant.connections.filter((connection) => connection.channel === 'webchat');
    const chosen = connectionId ? webchats.find((connection) => connection.id === connectionId) : webchats[0];
    if (!chosen)
      throw new OrquestaError(
        'not_found',
        connectionId
          ? `tenant "${tenantId}" has no webchat connection "${connectionId}" — use one of: ${webchats.map((connection) => connection.id).join(', ') || '(none)'}`
          : `tenant "${tenantId}" has no webchat connection — add { id: web, channel: webchat, settings: { secret: \${WEBCHAT_SECRET} } } to its connections`,
      );
    const ref = orquesta.channels.resolve(tenantId, chosen.id);
    if (!ref || !isWebchatChannel(ref.channel))
      throw new OrquestaError(
        'not_found',
        `connection "${chosen.id}" of tenant "${tenantId}" is not available`,
      );
    return { tenant, connection: ref.connection, channel: ref.channel, settings: settingsOf(ref.connection) };
  }

  /** Refuses a page of a site the connection does not list in `allowedOrigins`. */
  function checkOrigin(chosen: WebchatTarget, origin: string | undefined): void {
    if (isOriginAllowed(chosen.settings, origin)) return;
    throw new OrquestaError(
      'forbidden',
      `pages of ${origin} may not open this chat — add the site to allowedOrigins of connection "${chosen.connection.id}"`,
    );
  }

  function agentNamesOf(tenant: TenantConfig): ReadonlyMap<string, string> {
    let names = agentNames.get(tenant.id);
    if (!names) {
      const agents = tenant.skills.includes('handoff') ? parseHandoffSettings(tenant).agents : [];
      names = new Map(agents.map((agent) => [agent.id, agent.name]));
      agentNames.set(tenant.id, names);
    }
    return names;
  }

  // A reply is in the database once its delivery is recorded: the sockets showing its conversation read it.
  const onDelivery = (attempt: DeliveryAttempt) => {
    for (const session of sessions) if (session.follows(attempt.conversationId)) session.wake();
  };

  return async (app) => {
    orquesta.pipeline.events.on('delivery-attempted', onDelivery);
    app.addHook('onClose', async () => {
      orquesta.pipeline.events.off('delivery-attempted', onDelivery);
      await Promise.all(
        [...sessions, ...draining].map((work) => ('settled' in work ? work.settled() : work)),
      );
    });
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });

    app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
      reply
        .header('cache-control', 'public, max-age=300')
        .header('etag', widgetTag)
        .type('text/javascript; charset=utf-8');
      if (request.headers['if-none-match'] === widgetTag) return reply.code(304).send();
      return reply.send(widget);
    });

    app.options('/api/v1/webchat/:tenant/*', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .send(),
    );

    app.get(
      '/api/v1/webchat/:tenant/config',
      {
        schema: {
          tags: ['webchat'],
          summary: "The widget's settings: title, colour, greeting and labels in the tenant's language",
          security: [],
          params: tenantParams,
          querystring: connectionQuery,
          response: { 200: widgetConfig, ...publicErrors },
        },
      },
      async (request) => {
        const chosen = target(request.params.tenant, request.query.connection);
        checkOrigin(chosen, request.headers.origin);
        const { tenant, connection, settings } = chosen;
        return {
          tenant: tenant.id,
          connection: connection.id,
          locale: tenant.locale,
          title: settings.title ?? tenant.name,
          greeting: settings.greeting ?? null,
          color: settings.color,
          maxTextLength: settings.maxTextLength,
          texts: WIDGET_TEXTS[tenant.locale],
        };
      },
    );

    app.post(
      '/api/v1/webchat/:tenant/visitors',
      {
        schema: {
          tags: ['webchat'],
          summary: 'Register an anonymous visitor; answers the signed token the socket asks for',
          description:
            'Stores nothing: the visitor becomes a contact with their first message. The token stays valid ' +
            "while the connection's secret does not change.",
          security: [],
          params: tenantParams,
          querystring: connectionQuery,
          response: {
            201: z.object({ visitorId: z.string(), connection: z.string(), token: z.string() }),
            ...publicErrors,
          },
        },
      },
      async (request, reply) => {
        const chosen = target(request.params.tenant, request.query.connection);
        checkOrigin(chosen, request.headers.origin);
        const { tenant, connection, settings } = chosen;
        const visitor = createVisitor(tenant.id, connection.id, settings.secret, orquesta.clock.now());
        return reply.code(201).send({
          visitorId: visitor.visitorId,
          connection: visitor.connectionId,
          token: visitor.token,
        });
      },
    );

    app.get(
      '/api/v1/webchat/:tenant/socket',
      {
        websocket: true,
        schema: {
          hide: true,
          params: tenantParams,
          querystring: z.object({
            token: z.string().max(400).optional(),
            after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
          }),
        },
        preValidation: async (request) => {
          const { tenant } = request.params as { tenant: string };
          target(tenant, undefined);
        },
      },
      (socket, request) => {
        const token = request.query.token ?? '';
        let chosen: WebchatTarget | undefined;
        try {
          chosen = target(request.params.tenant, connectionOfToken(token) ?? '-');
        } catch {
          chosen = undefined;
        }
        const identity = chosen && verifyVisitorToken(token, chosen.tenant.id, chosen.settings.secret);
        if (chosen && !isOriginAllowed(chosen.settings, request.headers.origin)) {
          request.log.info({ tenant: request.params.tenant }, 'web chat socket refused: origin not allowed');
          socket.close(CLOSE_CODES.originRefused, 'this site may not open the chat');
          return;
        }
        if (!chosen || !identity) {
          request.log.info({ tenant: request.params.tenant }, 'web chat socket refused: bad visitor token');
          socket.close(CLOSE_CODES.tokenRefused, 'visitor token refused — register a new visitor');
          return;
        }
        const { tenant, connection, channel, settings } = chosen;
        const session = openVisitorSession(socket, {
          db: orquesta.database.db,
          clock: orquesta.clock,
          logger: orquesta.logger,
          visitor: { tenantId: tenant.id, connectionId: connection.id, visitorId: identity.visitorId },
          locale: tenant.locale,
          settings,
          after: request.query.after,
          agentNames: agentNamesOf(tenant),
          ingest: (message) => orquesta.pipeline.ingest(tenant.id, message),
          markDelivered: async (providerMessageId) => {
            await orquesta.pipeline.applyStatus(tenant.id, {
              connectionId: connection.id,
              providerMessageId,
              status: 'delivered',
            });
          },
          onTyping: (listener) => channel.typing.subscribe(connection, identity.visitorId, listener),
          ...(options.pollMs ? { pollMs: options.pollMs } : {}),
        });
        sessions.add(session);
        socket.on('close', () => {
          sessions.delete(session);
          const settled = session.settled().finally(() => draining.delete(settled));
          draining.add(settled);
        });
      },
    );

    app.get(
      '/demo/:tenant',
      { schema: { hide: true, params: tenantParams, querystring: connectionQuery } },
      async (request, reply) => {
        const { tenant, connection, settings } = target(request.params.tenant, request.query.connection);
        if (!settings.demoPage)
          throw new OrquestaError(
            'not_found',
            `the demo page of tenant "${tenant.id}" is off — set demoPage: true on its webchat connection "${connection.id}"`,
          );
        return reply.type('text/html; charset=utf-8').send(
          renderDemoPage({
            tenantId: tenant.id,
            tenantName: tenant.name,
            connectionId: connection.id,
            locale: tenant.locale,
            color: settings.color,
          }),
        );
      },
    );
  };
}
