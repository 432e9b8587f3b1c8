/**
 * The demo ISP's own API (RedNova), which Orquesta's http-actions call: open a fault ticket, read one,
 * list a customer's. Bearer-token auth; `Idempotency-Key` on POST makes a repeated request return the
 * ticket it created (201 the first time, 200 after). Tickets live in memory (ticket-store.ts).
 *
 * Run it alone: `node --import tsx examples/isp-backend/server.ts` (ISP_BACKEND_PORT, default 4010;
 * ISP_BACKEND_TOKEN, default `rednova-demo-token`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { createTicketStore, newTicketSchema } from './ticket-store.ts';

export const DEFAULT_ISP_BACKEND_PORT = 4010;
export const DEFAULT_ISP_BACKEND_TOKEN = 'rednova-demo-token';

export interface IspBackendOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 unless given. */
  host?: string;
  /** The bearer token every request must carry. */
  token: string;
  now?: () => Date;
}

export interface IspBackend {
  /** The base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'not a valid Idempotency-Key — use 1 to 255 visible ASCII characters')
  .optional();

export async function startIspBackend(options: IspBackendOptions): Promise<IspBackend> {
  if (!options.token) throw new Error('the ISP backend needs a token — set ISP_BACKEND_TOKEN');
  const expected = digest(`Bearer ${options.token}`);
  const store = createTicketStore(options.now);
  const app = Fastify({ logger: false });

  app.addHook('onRequest', async (request, reply) => {
    const given = digest(request.headers.authorization ?? '');
    if (!timingSafeEqual(given, expected))
      return fail(
        reply,
        401,
        'unauthorized',
        'missing or wrong bearer token — send Authorization: Bearer <token>',
      );
  });

  app.post('/tickets', async (request, reply) => {
    const key = idempotencyKeySchema.safeParse(request.headers['idempotency-key']);
    if (!key.success) return fail(reply, 400, 'invalid_request', key.error.issues[0]!.message);
    const body = newTicketSchema.safeParse(request.body);
    if (!body.success) return fail(reply, 400, 'invalid_request', problemsOf(body.error));
    const result = store.create(body.data, key.data);
    if (result.outcome === 'key_reused') {
      return fail(
        reply,
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different ticket — send a new key for a new request',
      );
    }
    return reply.code(result.outcome === 'created' ? 201 : 200).send({ ticket: result.ticket });
  });

  app.get<{ Params: { id: string } }>('/tickets/:id', async (request, reply) => {
    const ticket = store.get(normalizeTicketId(request.params.id));
    if (!ticket) return fail(reply, 404, 'not_found', 'no ticket with that id — ids look like TK-10001');
    return { ticket };
  });

  app.get<{ Querystring: { phone?: string } }>('/tickets', async (request) => ({
    tickets: store.list(request.query.phone),
  }));

  app.setNotFoundHandler((_request, reply) =>
    fail(reply, 404, 'not_found', 'no such route — see examples/isp-backend/README.md'),
  );
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return fail(reply, status, status === 500 ? 'internal' : 'invalid_request', error.message);
  });

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the ISP backend has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, close: () => app.close() };
}

/** `10001`, `tk10001` and `TK-10001` all name ticket TK-10001: customers rarely copy the prefix. */
export function normalizeTicketId(id: string): string {
  const match = /^(?:tk-?)?(\d+)$/i.exec(id.trim());
  return match ? `TK-${match[1]}` : id;
}

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

async function main(): Promise<void> {
  const port = Number(process.env.ISP_BACKEND_PORT || DEFAULT_ISP_BACKEND_PORT);
  const backend = await startIspBackend({
    port,
    host: process.env.ISP_BACKEND_HOST || '127.0.0.1',
    token: process.env.ISP_BACKEND_TOKEN || DEFAULT_ISP_BACKEND_TOKEN,
  });
  console.log(`RedNova ISP backend listening on ${backend.url}`);
  const stop = () => void backend.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
