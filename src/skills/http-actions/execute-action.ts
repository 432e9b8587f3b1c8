/**
 * Performs one declared HTTP action for a turn: builds the request from the turn's values, sends it with
 * a time limit per attempt, retries what may succeed later, and maps the answer into reply variables.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseJsonWith, type JsonValue } from '../../core/json.ts';
import { actionInputSchema, slotVariables, type ActionInput } from './action-input.ts';
import { HttpActionError } from './http-action-error.ts';
import { pickPath } from './map-response.ts';
import {
  renderHeader,
  renderJson,
  renderUrl,
  TemplateValueError,
  type TemplateValues,
} from './render-template.ts';
import { parseRetryAfter, retryDelayMs } from './retry-delay.ts';
import type { HttpAction } from './settings.ts';

/** Who and what one call is for. */
export interface ActionCall {
  tenantId: string;
  conversationId: string;
  /**
   * Names the turn the same way every time it is processed, including a replay after a crash: the id of
   * the turn's first inbound message (not the turn record's id, which is new on every attempt). It makes
   * the Idempotency-Key, so a replayed turn never creates a second ticket.
   */
  turnKey: string;
  contact: {
    /** The customer's address on the channel: the phone number (digits with country code) on WhatsApp. */
    phone: string;
    name: string | null;
  };
  /** The slot values; checked against the action's slots before anything is sent. */
  slots: unknown;
}

export interface ActionResult {
  /** The 2xx status the server answered. */
  status: number;
  /** The slots given and the fields mapped from the answer, for the reply template. */
  variables: Record<string, string | number>;
  /** The whole answer when it was JSON (a collection reads its list from it), otherwise undefined. */
  answer: JsonValue | undefined;
  attempts: number;
}

export interface ExecuteActionOptions {
  fetch?: typeof globalThis.fetch;
  /** Waits between attempts; tests pass one that records the wait instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Read for Retry-After dates. */
  now?: () => Date;
}

/**
 * The Idempotency-Key of an action in a turn: the same tenant, conversation, turn and action always give
 * the same key, so the business's API can recognise a repeated request and answer it without doing it twice.
 */
export function idempotencyKey(
  call: Pick<ActionCall, 'tenantId' | 'conversationId' | 'turnKey'>,
  actionName: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([call.tenantId, call.conversationId, call.turnKey, actionName]))
    .digest('hex');
}

/**
 * Calls the action's API and returns its mapped answer, or throws an `HttpActionError` saying why not.
 * Network errors, timeouts, 5xx and 429 are retried `action.retries` times with backoff (honouring
 * Retry-After), all with the same Idempotency-Key; other answers are final. Redirects are not followed.
 */
export async function executeAction(
  action: HttpAction,
  call: ActionCall,
  options: ExecuteActionOptions = {},
): Promise<ActionResult> {
  const send = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());

  const label = `action "${action.name}" (${action.method} ${hostOf(action.url)})`;
  const parsed = actionInputSchema(action).safeParse(call.slots);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'slots'}: ${issue.message}`,
    );
    throw new HttpActionError('invalid_input', `${label}: the slots do not fit — ${problems.join('; ')}`, {
      attempts: 0,
    });
  }
  const request = buildRequest(action, call, parsed.data, label);

  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(action, request, send, now, label, attempt);
    if ('result' in outcome) {
      const { result } = outcome;
      return { ...result, variables: { ...slotVariables(parsed.data), ...result.variables } };
    }
    const delay =
      outcome.retryable && attempt <= action.retries
        ? retryDelayMs(attempt, outcome.retryAfterMs)
        : undefined;
    if (delay === undefined) throw outcome.error;
    await sleep(delay);
  }
}

interface BuiltRequest {
  url: string;
  headers: Headers;
  body: string | undefined;
}

function buildRequest(action: HttpAction, call: ActionCall, input: ActionInput, label: string): BuiltRequest {
  const values: TemplateValues = {
    'tenant.id': call.tenantId,
    'conversation.id': call.conversationId,
    'contact.phone': call.contact.phone,
    'contact.name': call.contact.name,
    ...Object.fromEntries(Object.entries(input).map(([name, value]) => [`slots.${name}`, value])),
  };
  try {
    const headers = new Headers({ accept: 'application/json' });
    for (const [name, template] of Object.entries(action.headers))
      headers.set(name, renderHeader(template, values));
    let body: string | undefined;
    if (action.body !== undefined) {
      body = JSON.stringify(renderJson(action.body as JsonValue, values));
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    if (action.method !== 'GET' && !headers.has('idempotency-key'))
      headers.set('idempotency-key', idempotencyKey(call, action.name));
    return { url: renderUrl(action.url, values), headers, body };
  } catch (error) {
    const reason =
      error instanceof TemplateValueError
        ? error.message
        : 'a header value has characters HTTP does not allow — remove them';
    throw new HttpActionError('invalid_input', `${label}: ${reason}`, { attempts: 0 });
  }
}

type Attempt =
  { result: ActionResult } | { error: HttpActionError; retryable: boolean; retryAfterMs?: number };

async function attemptOnce(
  action: HttpAction,
  request: BuiltRequest,
  send: typeof globalThis.fetch,
  now: () => Date,
  label: string,
  attempts: number,
): Promise<Attempt> {
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  let response: Response;
  let text: string;
  try {
    // One signal for the headers and the body: a server that stalls mid-answer is a timeout too.
    const signal = AbortSignal.timeout(action.timeoutMs);
    response = await send(request.url, {
      method: action.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      const message = `${label}: no answer within ${action.timeoutMs} ms${tries} — check that the service is up, or raise timeoutMs`;
      return { error: new HttpActionError('timeout', message, { attempts }), retryable: true };
    }
    const code = networkCode(error);
    const message = `${label}: could not reach the server (${code})${tries} — check the URL and that the service is running`;
    return { error: new HttpActionError('network', message, { attempts, cause: error }), retryable: true };
  }

  const status = response.status;
  if (status < 200 || status > 299) {
    const retryable = status === 429 || status >= 500;
    const message = `${label}: the server answered ${status}${tries} — ${statusAdvice(status)}`;
    return {
      error: new HttpActionError('http_status', message, { attempts, status }),
      retryable,
      ...(retryable ? { retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()) } : {}),
    };
  }

  const parsed = parseJsonWith(z.json(), text);
  const answer = parsed.ok ? (parsed.value as JsonValue) : undefined;
  const mapped = mapAnswer(action, answer);
  if ('problem' in mapped) {
    const message = `${label}: the server answered ${status}${tries} but its answer ${mapped.problem} — check the action's response paths against what the API returns`;
    return { error: new HttpActionError('bad_response', message, { attempts, status }), retryable: false };
  }
  return { result: { status, variables: mapped.variables, answer, attempts } };
}

function mapAnswer(
  action: HttpAction,
  answer: JsonValue | undefined,
): { variables: Record<string, string | number> } | { problem: string } {
  const fields = Object.entries(action.response);
  if (fields.length === 0) return { variables: {} };
  if (answer === undefined) return { problem: 'is not JSON' };
  const variables: Record<string, string | number> = {};
  for (const [name, path] of fields) {
    const picked = pickPath(answer, path);
    if (!picked.ok) return { problem: picked.problem };
    variables[name] = picked.value;
  }
  return { variables };
}

function statusAdvice(status: number): string {
  if (status === 401 || status === 403)
    return "check the credentials in the action's headers (their environment variables)";
  if (status === 404) return 'what was asked for does not exist there, or the URL is wrong';
  if (status === 429) return 'the service is limiting requests; try again later';
  if (status >= 500) return 'the service is failing; try again later';
  if (status >= 300 && status < 400) return 'the URL redirects elsewhere; write the final address in url';
  return 'the service refused the request; check url, headers and body against its API';
}

/** The host of a URL template (fixed by the settings' validation), for messages: never its path or query. */
function hostOf(url: string): string {
  try {
    return new URL(url.replace(/\{\{[^}]*\}\}/g, 'x')).host;
  } catch {
    return 'the configured URL';
  }
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'connection failed';
}
