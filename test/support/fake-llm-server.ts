/**
 * A fake OpenAI-compatible server on loopback. It speaks the real wire format of `POST /v1/chat/completions`
 * (JSON and SSE streaming, tool calls, usage), `POST /v1/embeddings` (float and base64 encodings) and
 * `POST /v1/audio/transcriptions` (multipart form), answers from a per-test script, and records every
 * request so a test asserts the exact payload that was sent. `stop()` makes it a dead provider (connections
 * refused, hung requests cut); `restart()` brings it back on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  bagOfWordsEmbedding,
  completionBody,
  completionChunks,
  estimateTokens,
  type CompletionParts,
} from './fake-llm-wire.ts';
import { createRequestLog } from './request-log.ts';

export { bagOfWordsEmbedding, cosineSimilarity, FAKE_EMBEDDING_DIMENSION } from './fake-llm-wire.ts';

/** One request the server received, parsed. */
export interface FakeLlmRequest {
  method: string;
  /** The path, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON (chat, embeddings); undefined for other bodies. */
  json: unknown;
  /** The multipart form of a transcription request: text fields and files. */
  form?: { fields: Record<string, string>; files: Record<string, FakeUploadedFile> };
}

/** A file received in a multipart form. */
export interface FakeUploadedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** A tool call the scripted model makes; `arguments` may be an object (sent as its JSON text). */
export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** A failure instead of an answer: an HTTP error status (with OpenAI's error body), or a request that never ends. */
export interface FakeFailure {
  /** HTTP status, e.g. 429, 500, 401. */
  status?: number;
  message?: string;
  /** Response headers. Errors carry `retry-after-ms: 1` unless given, so client retries keep tests fast. */
  headers?: Record<string, string>;
  /** Never answer (until `stop()` cuts the connection): a provider that hangs past the client's timeout. */
  hang?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A scripted chat answer: text, tool calls, a JSON value (sent as the text), or a failure. */
export interface FakeChatAnswer {
  text?: string | null;
  toolCalls?: FakeToolCall[];
  /** Structured output: sent as `message.content` in JSON text. */
  json?: unknown;
  /** Token counts; estimated from the request and answer text (4 characters a token) when absent. */
  usage?: { promptTokens: number; completionTokens: number };
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** Wait this long before answering (before the first chunk when streaming). */
  delayMs?: number;
}

/** What `enqueueChat` and the chat responder accept: an answer or a failure. */
export type FakeChatScript = FakeChatAnswer | (FakeFailure & { status: number }) | { hang: true };

/** The parsed body of a chat completion request, loosely typed: what a responder usually looks at. */
export interface FakeChatRequestBody {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

/** Chooses the answer to a chat request that no enqueued script answers. */
export type FakeChatResponder = (
  body: FakeChatRequestBody,
  request: FakeLlmRequest,
) => FakeChatScript | Promise<FakeChatScript>;

/** Computes the embedding of one input text. */
export type FakeEmbedder = (text: string, model: string) => number[];

/** Computes the transcript of one uploaded audio file. */
export type FakeTranscriber = (file: FakeUploadedFile, fields: Record<string, string>) => string;

/** Which endpoint a failure is enqueued for. */
export type FakeLlmRoute = 'chat' | 'embeddings' | 'transcriptions';

export interface FakeLlmServer {
  /** The base URL to configure, ending in `/v1` (e.g. `http://127.0.0.1:4321/v1`). */
  readonly baseUrl: string;
  readonly port: number;
  /** Every request received, in order (kept across `stop()`/`restart()`). */
  readonly requests: FakeLlmRequest[];
  /** The chat completion requests received, their bodies parsed. */
  chatRequests(): FakeChatRequestBody[];
  /** Answers the next chat requests with these scripts in turn, then falls back to the responder. */
  enqueueChat(...scripts: FakeChatScript[]): void;
  /** Replaces the chat responder; the default echoes the last user message's text. */
  respondToChat(responder: FakeChatResponder): void;
  /** Makes the next requests to a route fail (or hang) in turn, before its normal answers. */
  failNext(route: Exclude<FakeLlmRoute, 'chat'>, ...failures: FakeFailure[]): void;
  /** Replaces the embedder; the default is `bagOfWordsEmbedding`. */
  embedWith(embedder: FakeEmbedder): void;
  /** Replaces the transcriber; the default returns the uploaded bytes read as UTF-8 text. */
  transcribeWith(transcriber: FakeTranscriber): void;
  /** Resolves once at least `count` requests matching `filter` were received (rejects after `timeoutMs`). */
  waitForRequests(
    count: number,
    filter?: (request: FakeLlmRequest) => boolean,
    timeoutMs?: number,
  ): Promise<FakeLlmRequest[]>;
  /** Closes the server and cuts open connections: later requests are refused, as with a dead provider. */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`. */
  restart(): Promise<void>;
}

/**
 * Starts a fake OpenAI-compatible server on 127.0.0.1 (a random free port unless `port` is given).
 * Stop it in `afterAll`/`afterEach` with `stop()`.
 */
export async function startFakeLlmServer(options: { port?: number } = {}): Promise<FakeLlmServer> {
  const log = createRequestLog<FakeLlmRequest>('the fake LLM server');
  const { requests } = log;
  const chatQueue: FakeChatScript[] = [];
  const failures: Record<Exclude<FakeLlmRoute, 'chat'>, FakeFailure[]> = {
    embeddings: [],
    transcriptions: [],
  };
  let chatResponder: FakeChatResponder = echoLastUserMessage;
  let embedder: FakeEmbedder = bagOfWordsEmbedding;
  let transcriber: FakeTranscriber = (file) => file.bytes.toString('utf8');
  const sockets = new Set<Socket>();
  let sequence = 0;

  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const path = new URL(incoming.url ?? '/', 'http://fake').pathname;
        const contentType = incoming.headers['content-type'] ?? '';
        const recorded: FakeLlmRequest = {
          method: incoming.method ?? 'GET',
          path,
          headers: incoming.headers,
          json: contentType.includes('json') ? parseJson(raw.toString('utf8')) : undefined,
          ...(contentType.startsWith('multipart/form-data')
            ? { form: await parseMultipart(raw, contentType) }
            : {}),
        };
        log.record(recorded);
        const reply = new Reply(outgoing);
        if (incoming.method !== 'POST' && path !== '/v1/models') {
          return reply.error({ status: 405, message: `${incoming.method} is not allowed on ${path}` });
        }
        switch (path) {
          case '/v1/chat/completions':
            return answerChat(recorded, reply);
          case '/v1/embeddings':
            return answerEmbeddings(recorded, reply);
          case '/v1/audio/transcriptions':
            return answerTranscription(recorded, reply);
          case '/v1/models':
            return reply.json(200, { object: 'list', data: [] });
          default:
            return reply.error({ status: 404, message: `no route ${path} on the fake LLM server` });
        }
      })().catch((error: unknown) => {
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function answerChat(request: FakeLlmRequest, reply: Reply): Promise<void> {
    const body = request.json as FakeChatRequestBody | undefined;
    if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      return reply.error({ status: 400, message: 'a chat completion needs "model" and "messages"' });
    }
    const script = chatQueue.shift() ?? (await chatResponder(body, request));
    if (isFailure(script)) return reply.error(script);
    const answer = script as FakeChatAnswer;
    if (answer.delayMs) await reply.wait(answer.delayMs);
    const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? null);
    const toolCalls = (answer.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_${++sequence}_${index}`,
      type: 'function' as const,
      function: {
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
    const usage = answer.usage ?? {
      promptTokens: estimateTokens(JSON.stringify(body.messages)),
      completionTokens: estimateTokens((text ?? '') + toolCalls.map((c) => c.function.arguments).join('')),
    };
    const parts: CompletionParts = {
      id: `chatcmpl-fake-${++sequence}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      text,
      toolCalls,
      finishReason: answer.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      usage: {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.promptTokens + usage.completionTokens,
      },
    };
    if (!body.stream) return reply.json(200, completionBody(parts));
    reply.stream(completionChunks(parts, body.stream_options?.include_usage === true));
  }

  async function answerEmbeddings(request: FakeLlmRequest, reply: Reply): Promise<void> {
    const failure = failures.embeddings.shift();
    if (failure) return reply.error(failure);
    const body = request.json as { model?: unknown; input?: unknown; encoding_format?: unknown } | undefined;
    const inputs = typeof body?.input === 'string' ? [body.input] : body?.input;
    if (
      typeof body?.model !== 'string' ||
      !Array.isArray(inputs) ||
      !inputs.every((input) => typeof input === 'string')
    ) {
      return reply.error({
        status: 400,
        message: 'embeddings need "model" and "input" (a string or strings)',
      });
    }
    const model = body.model;
    const vectors = (inputs as string[]).map((input) => embedder(input, model));
    const base64 = body.encoding_format === 'base64';
    reply.json(200, {
      object: 'list',
      model,
      data: vectors.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      })),
      usage: {
        prompt_tokens: estimateTokens(inputs.join(' ')),
        total_tokens: estimateTokens(inputs.join(' ')),
      },
    });
  }

  async function answerTranscription(request: FakeLlmRequest, reply: Reply): Promise<void> {
    const failure = failures.transcriptions.shift();
    if (failure) return reply.error(failure);
    const file = request.form?.files.file;
    const fields = request.form?.fields ?? {};
    if (!file || !fields.model) {
      return reply.error({ status: 400, message: 'a transcription needs a "file" and a "model" form field' });
    }
    const text = transcriber(file, fields);
    if (fields.response_format === 'text') return reply.text(200, text);
    reply.json(200, { text, usage: { type: 'duration', seconds: 1 } });
  }

  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () =>
      requests
        .filter((request) => request.path === '/v1/chat/completions')
        .map((request) => request.json as FakeChatRequestBody),
    enqueueChat: (...scripts) => chatQueue.push(...scripts),
    respondToChat: (responder) => {
      chatResponder = responder;
    },
    failNext: (route, ...next) => failures[route].push(...next),
    embedWith: (next) => {
      embedder = next;
    },
    transcribeWith: (next) => {
      transcriber = next;
    },
    waitForRequests: (count, filter = () => true, timeoutMs = 5000) => log.waitFor(count, filter, timeoutMs),
    async stop() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restart() {
      if (!server.listening) await listen(server, port);
    },
  };
}

/** The default chat answer: the text of the last user message, so a test sees what was asked. */
export function echoLastUserMessage(body: FakeChatRequestBody): FakeChatAnswer {
  const last = [...body.messages].reverse().find((message) => message.role === 'user');
  return { text: last ? contentText(last.content) : '' };
}

/** The text of a message's content, whether a string or an array of parts (`{type: 'text', text}`). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: string }) => (part?.type === 'text' ? (part.text ?? '') : ''))
    .join('');
}

class Reply {
  constructor(private readonly outgoing: ServerResponse) {}

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.outgoing.writeHead(status, { 'content-type': 'application/json', ...headers });
    this.outgoing.end(JSON.stringify(body));
  }

  text(status: number, body: string): void {
    this.outgoing.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    this.outgoing.end(body);
  }

  stream(events: unknown[]): void {
    this.outgoing.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    for (const event of events) this.outgoing.write(`data: ${JSON.stringify(event)}\n\n`);
    this.outgoing.end('data: [DONE]\n\n');
  }

  /** Resolves after `ms`, or at once when the client has gone away. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.outgoing.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async error(failure: FakeFailure): Promise<void> {
    if (failure.hang) return; // the socket stays open until the client gives up or stop() cuts it
    if (failure.delayMs) await this.wait(failure.delayMs);
    if (this.outgoing.destroyed) return;
    const status = failure.status ?? 500;
    this.json(
      status,
      {
        error: {
          message: failure.message ?? `fake provider error ${status}`,
          type:
            status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error',
          param: null,
          code: null,
        },
      },
      failure.headers ?? { 'retry-after-ms': '1' },
    );
  }
}

function isFailure(script: FakeChatScript): script is FakeFailure {
  return 'hang' in script || 'status' in script;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<FakeLlmRequest['form']> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string> = {};
  const files: Record<string, FakeUploadedFile> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else files[name] = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { fields, files };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
