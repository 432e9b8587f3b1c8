import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { WebhookParseError, type RawRequest, type WebhookAnswer } from '../../channels/channel.ts';
import type { ConnectionRef } from '../../channels/registry.ts';
import { OrquestaError } from '../../core/errors.ts';
import type { InboundEvent } from '../../core/messages.ts';
import { redactPayload } from '../../observability/redact-payload.ts';
import type { Orquesta } from '../../orquesta.ts';
import { recordWebhook } from '../../storage/repositories/webhook-log.ts';

export interface WebhookRouteOptions {
  /** The public base URL providers call (ORQUESTA_PUBLIC_URL); signatures over URLs (Twilio) use it. */
  publicUrl?: string;
}

type WebhookRequest = FastifyRequest<{ Params: { tenant: string; connection: string } }>;

/**
 * `POST /webhooks/{tenant}/{connection}` (and `GET` for subscription checks): verify the signature over
 * the raw bytes, parse every event, store it (messages into the inbox, statuses onto outbound messages,
 * opt-ins/outs onto contacts) and answer. Nothing is processed inside the request: the pipeline does that.
 */
export function webhookRoutes(orquesta: Orquesta, options: WebhookRouteOptions): FastifyPluginAsync {
  return async (app) => {
    // Signatures are computed over the bytes the provider sent, so every body is kept raw.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.get(
      '/webhooks/:tenant/:connection',
      { schema: { hide: true } },
      async (request: WebhookRequest, reply) => {
        const ref = resolve(orquesta, request);
        if (!ref.channel.webhook?.handshake) {
          throw new OrquestaError('not_found', `connection "${ref.connection.id}" has no subscription check`);
        }
        return send(reply, ref.channel.webhook.handshake(rawRequest(request, options), ref.connection));
      },
    );

    app.post(
      '/webhooks/:tenant/:connection',
      { schema: { hide: true } },
      async (request: WebhookRequest, reply) => {
        const started = performance.now();
        const ref = resolve(orquesta, request);
        const webhook = ref.channel.webhook!;
        const raw = rawRequest(request, options);
        const log = async (
          status: number,
          eventTypes: string[],
          error: string | null,
          keepPayload: boolean,
        ) => {
          const labels = { tenant: ref.tenantId, channel: ref.channel.kind };
          orquesta.metrics.webhooksReceived.inc({ ...labels, status: String(status) });
          await recordWebhook(orquesta.database.db, {
            tenant_id: ref.tenantId,
            connection_id: ref.connection.id,
            channel: ref.channel.kind,
            method: 'POST',
            received_at: orquesta.clock.now().toISOString(),
            event_types: JSON.stringify(eventTypes),
            status_code: status,
            error,
            duration_ms: Math.round(performance.now() - started),
            payload: keepPayload ? redactPayload(raw.body, raw.headers['content-type']) : '',
          }).catch((failure: unknown) => request.log.error({ err: failure }, 'webhook log write failed'));
        };

        const verified = webhook.verify(raw, ref.connection);
        if (!verified.ok) {
          orquesta.metrics.webhooksRejected.inc({
            tenant: ref.tenantId,
            channel: ref.channel.kind,
            reason: verified.reason,
          });
          request.log.warn(
            { tenant: ref.tenantId, connection: ref.connection.id, reason: verified.reason },
            'webhook refused',
          );
          const status = verified.reason === 'not_configured' ? 403 : 401;
          await log(status, [], verified.message, false);
          throw new OrquestaError(status === 403 ? 'forbidden' : 'unauthorized', verified.message);
        }

        let events: InboundEvent[];
        try {
          events = webhook.parse(raw, ref.connection);
        } catch (error) {
          if (!(error instanceof WebhookParseError)) throw error;
          await log(400, [], error.message, true);
          throw new OrquestaError(
            'invalid_request',
            `the ${ref.channel.kind} payload could not be read: ${error.message}`,
          );
        }

        try {
          for (const event of events) await store(orquesta, ref, raw, event, webhook.accountOf?.(event));
        } catch (error) {
          await log(
            500,
            events.map((event) => event.type),
            (error as Error).message,
            true,
          );
          throw error;
        }
        await log(
          200,
          events.map((event) => event.type),
          null,
          true,
        );
        return send(reply, webhook.acknowledge?.() ?? { status: 200, contentType: 'text/plain', body: 'ok' });
      },
    );
  };
}

function resolve(orquesta: Orquesta, request: WebhookRequest): ConnectionRef {
  const { tenant, connection } = request.params;
  if (!orquesta.tenants.has(tenant))
    throw new OrquestaError('not_found', `tenant "${tenant}" does not exist`);
  const ref = orquesta.channels.resolve(tenant, connection);
  if (!ref) {
    throw new OrquestaError(
      'not_found',
      `tenant "${tenant}" has no connection "${connection}" — check the webhook URL`,
    );
  }
  if (!ref.channel.webhook) {
    throw new OrquestaError(
      'not_found',
      `connection "${connection}" (channel ${ref.channel.kind}) does not receive webhooks`,
    );
  }
  return ref;
}

/** Stores one event on the connection it belongs to (one webhook URL may carry several accounts' events). */
async function store(
  orquesta: Orquesta,
  ref: ConnectionRef,
  raw: RawRequest,
  event: InboundEvent,
  account: string | undefined,
): Promise<void> {
  const own = ref.channel.accountId?.(ref.connection);
  const target =
    account && account !== own ? orquesta.channels.findByAccount(ref.channel.kind, account) : ref;
  if (!target) {
    orquesta.logger.warn(
      { tenant: ref.tenantId, connection: ref.connection.id, account },
      'webhook event for an unknown account ignored',
    );
    return;
  }
  // An event for another account is taken only if that account's connection also verifies the request
  // (WhatsApp: the same Meta app secret), so one tenant's secret never writes into another tenant's data.
  if (target !== ref && !target.channel.webhook?.verify(raw, target.connection).ok) {
    orquesta.logger.warn(
      { tenant: ref.tenantId, connection: ref.connection.id, account },
      'webhook event for an account whose secret did not sign the request ignored',
    );
    return;
  }
  const connectionId = target.connection.id;
  if (event.type === 'message')
    await orquesta.pipeline.ingest(target.tenantId, { ...event.message, connectionId });
  else if (event.type === 'status')
    await orquesta.pipeline.applyStatus(target.tenantId, { ...event.status, connectionId });
  else await orquesta.pipeline.recordContactEvent(target.tenantId, { ...event.contact, connectionId });
}

function rawRequest(request: FastifyRequest, options: WebhookRouteOptions): RawRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  const base = options.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
  return {
    method: request.method === 'GET' ? 'GET' : 'POST',
    publicUrl: `${base}${request.url}`,
    headers,
    query: request.query as Record<string, string | undefined>,
    body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  };
}

function send(reply: FastifyReply, answer: WebhookAnswer): FastifyReply {
  return reply
    .code(answer.status)
    .type(answer.contentType ?? 'text/plain')
    .send(answer.body);
}
