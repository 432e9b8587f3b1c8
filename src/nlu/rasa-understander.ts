/** The Rasa adapter: a tenant's messages understood by a Rasa server, with the embedded model as a fallback. */
import { z } from 'zod';
import { parseJsonWith } from '../core/json.ts';
import type { Logger } from '../observability/logger.ts';
import type { Entity, ParseOptions, ParseResult, Understander } from './parse-result.ts';

/** The parts of Rasa's `POST /model/parse` answer Orquesta uses; anything else it sends is ignored. */
const rasaParseSchema = z
  .object({
    intent: z
      .object({
        name: z.string().nullable().optional(),
        confidence: z.number().min(0).max(1),
      })
      .loose(),
    intent_ranking: z
      .array(z.object({ name: z.string(), confidence: z.number().min(0).max(1) }).loose())
      .optional(),
    entities: z.array(
      z
        .object({
          entity: z.string(),
          start: z.number().int().min(0),
          end: z.number().int().min(0),
          value: z.unknown(),
          extractor: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

export interface RasaUnderstanderOptions {
  tenantId: string;
  /** The Rasa server's base URL, e.g. `http://localhost:5005`; a query (`?token=…`) is kept on each call. */
  url: string;
  /** How long to wait for an answer before using the fallback. */
  timeoutMs: number;
  /** The tenant's threshold, applied to Rasa's confidence as to the embedded model's. */
  threshold: number;
  /** Answers when Rasa is down, slow or answers something that is not a parse result. */
  fallback: Understander;
  logger: Logger;
  fetch?: typeof fetch;
}

/**
 * Understands through a Rasa server (`POST {url}/model/parse` with `{ text }`). Entities Rasa does not
 * extract (by entity name) come from the fallback's extractors, so `time` is resolved against the
 * turn's clock and the tenant's timezone unless Rasa's own pipeline returns it.
 */
export function createRasaUnderstander(options: RasaUnderstanderOptions): Understander {
  const endpoint = parseEndpoint(options.url);
  const doFetch = options.fetch ?? fetch;
  const logged = { tenant: options.tenantId, rasa: `${endpoint.origin}${endpoint.pathname}` };

  return {
    async parse(text: string, parseOptions: ParseOptions): Promise<ParseResult> {
      const local = await options.fallback.parse(text, parseOptions);
      const answer = await ask(text);
      if (!answer.ok) {
        options.logger.warn(
          { ...logged, reason: answer.reason },
          'the Rasa server did not understand this message: the embedded model answered instead',
        );
        return local;
      }
      const rasa = answer.value;
      const { name, confidence } = rasa.intent;
      const ranking = (rasa.intent_ranking ?? (name ? [{ name, confidence }] : [])).map((score) => ({
        name: score.name,
        confidence: score.confidence,
      }));
      const entities: Entity[] = rasa.entities.map((entity) => ({
        ...entity,
        extractor: entity.extractor ?? 'rasa',
      }));
      const extracted = new Set(entities.map((entity) => entity.entity));
      return {
        text,
        intent: name && confidence >= options.threshold ? { name, confidence } : { name: null, confidence },
        intent_ranking: ranking,
        entities: [...entities, ...local.entities.filter((entity) => !extracted.has(entity.entity))].sort(
          (a, b) => a.start - b.start || a.end - b.end,
        ),
      };
    },
  };

  async function ask(
    text: string,
  ): Promise<{ ok: true; value: z.infer<typeof rasaParseSchema> } | { ok: false; reason: string }> {
    let response: Response;
    let body: string;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return { ok: false, reason: `no answer within ${options.timeoutMs} ms` };
      }
      const cause = (error as { cause?: { code?: string } }).cause;
      return { ok: false, reason: `unreachable (${cause?.code ?? (error as Error).message})` };
    }
    if (!response.ok) return { ok: false, reason: `answered HTTP ${response.status}` };
    // Rasa echoes the message: neither the body nor a JSON parser's excerpt of it may reach the log.
    const parsed = parseJsonWith(rasaParseSchema, body);
    if (parsed.ok) return parsed;
    return {
      ok: false,
      reason: parsed.error.startsWith('not valid JSON')
        ? 'the answer is not JSON'
        : `the answer is not a parse result: ${parsed.error}`,
    };
  }
}

function parseEndpoint(url: string): URL {
  const endpoint = new URL(url);
  endpoint.pathname = `${endpoint.pathname.replace(/\/+$/, '')}/model/parse`;
  return endpoint;
}
