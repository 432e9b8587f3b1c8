/**
 * A fake third-party provider on loopback: records every request it receives (method, path, headers, raw
 * body) and answers from a script, so a test asserts the exact payload Orquesta sent and how it reacts to
 * the provider's errors. Each channel's tests describe the provider's real wire format with it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestLog } from './request-log.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body parsed as JSON, or as a form when it is one; undefined otherwise. */
  json: unknown;
  form: URLSearchParams | undefined;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface FakeProvider {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Answers the next requests with these responses in turn, then falls back to the default responder. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Replaces the default responder. */
  respondWith(responder: Responder): void;
  /** Resolves once at least `count` requests matching `filter` have been received (bounded wait). */
  waitForRequests(
    count: number,
    filter?: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export async function startFakeProvider(defaultResponder: Responder): Promise<FakeProvider> {
  const log = createRequestLog<RecordedRequest>('the fake provider');
  const { requests } = log;
  const queue: ScriptedResponse[] = [];
  let responder = defaultResponder;

  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      const contentType = incoming.headers['content-type'] ?? '';
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body,
        json: contentType.includes('json') ? safeJson(body) : undefined,
        form: contentType.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : undefined,
      };
      log.record(recorded);
      const response = queue.shift() ?? (await responder(recorded));
      const payload =
        response.body === undefined
          ? ''
          : typeof response.body === 'string'
            ? response.body
            : JSON.stringify(response.body);
      outgoing.writeHead(response.status, {
        'content-type': typeof response.body === 'string' ? 'text/plain' : 'application/json',
        ...response.headers,
      });
      outgoing.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    respondWith: (next) => {
      responder = next;
    },
    waitForRequests: (count, filter = () => true, timeoutMs = 10_000) =>
      log.waitFor(count, filter, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
