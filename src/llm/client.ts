/**
 * The tenant's language model over any OpenAI-compatible API (OpenRouter, OpenAI, Gemini, Ollama, vLLM…),
 * through the official `openai` package. Every call goes through the same gate — daily budget, the turn's
 * deadline, the circuit breaker — and ends recorded in `llm_calls`; a provider failure resolves to null.
 */
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import OpenAI, { toFile } from 'openai';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Database } from '../storage/schema.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import { createCircuitBreaker, type CircuitBreaker } from './breaker.ts';
import type { LlmCall, LlmClient, LlmUsage, ToolCallRequest } from './llm.ts';
import { renderPrompt } from './prompts.ts';
import { callCost, createUsageRecorder } from './usage.ts';

export interface LlmClientDependencies {
  db: Kysely<Database>;
  logger: Logger;
  metrics?: Metrics | undefined;
  /** For the breaker's open period and the day of usage records; the system clock by default. */
  clock?: Clock;
  /** The fetch the `openai` package uses; the global one by default. */
  fetch?: typeof fetch;
}

/** A call is not started with less time than this left before its deadline. */
const MIN_CALL_MS = 100;

/** Sent as the API key to servers that need none (Ollama, llama.cpp): the `openai` package requires one. */
const NO_API_KEY = 'no-key';

/** Statuses that blame the request rather than the provider: they do not count against the circuit. */
const REQUEST_ERRORS = new Set([400, 404, 413, 422]);

/** The tenant's language-model client, or null when its `llm.baseUrl` is not set. */
export function createLlmClient(tenant: TenantConfig, dependencies: LlmClientDependencies): LlmClient | null {
  if (!tenant.llm?.baseUrl) return null;
  const config = tenant.llm;
  const { logger, metrics } = dependencies;
  const clock = dependencies.clock ?? systemClock;
  const openai = new OpenAI({
    baseURL: config.baseUrl,
    // Never the OPENAI_API_KEY of the environment: it could be sent to another provider's server.
    apiKey: config.apiKey ?? NO_API_KEY,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    defaultHeaders: config.headers,
    // The package's own log lines may carry request details; failures are logged here instead.
    logLevel: 'off',
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
  });
  const usage = createUsageRecorder({ db: dependencies.db, tenant, clock, logger, metrics });
  const breakers = new Map<string, CircuitBreaker>();
  const recordIds = new WeakMap<LlmUsage, string>();

  const breakerFor = (model: string) => {
    let breaker = breakers.get(model);
    if (!breaker) {
      breaker = createCircuitBreaker({
        ...config.breaker,
        clock,
        onChange: (state) => {
          metrics?.llmCircuitOpen.set({ tenant: tenant.id, model }, state === 'closed' ? 0 : 1);
          if (state === 'open') {
            logger.warn(
              { tenant: tenant.id, model, openMs: config.breaker.openMs },
              'language-model circuit opened: calls are refused until a probe succeeds',
            );
          } else if (state === 'closed') {
            logger.info({ tenant: tenant.id, model }, 'language-model circuit closed');
          }
        },
      });
      breakers.set(model, breaker);
    }
    return breaker;
  };

  /** One provider call through the gate: budget, deadline, breaker, then recorded however it ends. */
  async function gated<T>(
    call: LlmCall,
    model: string,
    send: (options: OpenAI.RequestOptions) => Promise<{ value: T; tokensIn: number; tokensOut: number }>,
  ): Promise<{ value: T; usage: LlmUsage } | null> {
    const refused = (outcome: string) => {
      metrics?.llmCalls.inc({ tenant: tenant.id, purpose: call.purpose, outcome });
      return null;
    };
    if (await usage.overBudget()) return refused('budget');
    const remaining = call.deadline === undefined ? Infinity : call.deadline - Date.now();
    if (remaining < MIN_CALL_MS) return refused('deadline');
    const permit = breakerFor(model).acquire();
    if (!permit) return refused('circuit_open');

    const started = performance.now();
    const finish = async (
      outcome: LlmUsage['outcome'],
      tokensIn: number,
      tokensOut: number,
    ): Promise<LlmUsage> => {
      const record: LlmUsage = {
        purpose: call.purpose,
        model,
        tokensIn,
        tokensOut,
        cost: callCost(config.prices, model, tokensIn, tokensOut),
        latencyMs: Math.round(performance.now() - started),
        outcome,
      };
      const id = await usage.record(record, call);
      if (id) recordIds.set(record, id);
      call.onUsage?.(record);
      return record;
    };
    let result: { value: T; tokensIn: number; tokensOut: number };
    try {
      result = await send({
        timeout: Math.min(config.timeoutMs, remaining),
        // The timeout is per attempt; the signal also stops retries at the turn's deadline.
        ...(Number.isFinite(remaining) ? { signal: AbortSignal.timeout(remaining) } : {}),
      });
    } catch (error) {
      const status = error instanceof OpenAI.APIError ? error.status : undefined;
      if (status !== undefined && REQUEST_ERRORS.has(status)) permit.succeeded();
      else permit.failed();
      // No message text and no key: the status, the error's kind and the provider's error code only.
      logger.warn(
        {
          tenant: tenant.id,
          purpose: call.purpose,
          model,
          status,
          code: error instanceof OpenAI.APIError ? error.code : undefined,
          error: error instanceof Error ? error.constructor.name : typeof error,
        },
        'language-model call failed; the caller falls back',
      );
      await finish('error', 0, 0);
      return null;
    }
    permit.succeeded();
    return { value: result.value, usage: await finish('ok', result.tokensIn, result.tokensOut) };
  }

  return {
    config,
    uses: (use) => config.uses[use],
    async chat(request, call) {
      const model = request.model ?? config.model;
      const result = await gated(call, model, async (options) => {
        const completion = await openai.chat.completions.create(
          {
            model,
            messages: request.messages,
            ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
            ...(request.jsonSchema
              ? {
                  response_format: {
                    type: 'json_schema' as const,
                    json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema },
                  },
                }
              : {}),
            max_tokens: request.maxTokens ?? config.maxTokens,
            temperature: config.temperature,
          },
          options,
        );
        const message = completion.choices[0]?.message;
        if (!message) throw new Error('the provider answered without a choice');
        const toolCalls: ToolCallRequest[] = (message.tool_calls ?? []).flatMap((toolCall) =>
          toolCall.type === 'function'
            ? [{ id: toolCall.id, name: toolCall.function.name, arguments: toolCall.function.arguments }]
            : [],
        );
        return {
          value: { text: message.content ?? null, toolCalls },
          tokensIn: completion.usage?.prompt_tokens ?? 0,
          tokensOut: completion.usage?.completion_tokens ?? 0,
        };
      });
      return result ? { ...result.value, usage: result.usage } : null;
    },
    async embed(texts, call) {
      const model = config.embeddingModel;
      if (!model) return null;
      if (texts.length === 0) return [];
      const result = await gated(call, model, async (options) => {
        // Floats rather than the package's default base64, which not every compatible server speaks.
        const response = await openai.embeddings.create(
          { model, input: texts, encoding_format: 'float' },
          options,
        );
        const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
        if (vectors.length !== texts.length) {
          throw new Error(`the provider returned ${vectors.length} embeddings for ${texts.length} texts`);
        }
        return { value: vectors, tokensIn: response.usage?.prompt_tokens ?? 0, tokensOut: 0 };
      });
      return result?.value ?? null;
    },
    async transcribe(audio, call) {
      const model = config.transcriptionModel;
      if (!model) return null;
      const result = await gated(call, model, async (options) => {
        const file = await toFile(audio.bytes, `audio.${audioExtension(audio.mimeType)}`, {
          type: audio.mimeType,
        });
        const transcription = await openai.audio.transcriptions.create({ model, file }, options);
        const tokens =
          transcription.usage?.type === 'tokens'
            ? { in: transcription.usage.input_tokens, out: transcription.usage.output_tokens }
            : { in: 0, out: 0 };
        return { value: transcription.text, tokensIn: tokens.in, tokensOut: tokens.out };
      });
      return result?.value ?? null;
    },
    async reject(answer) {
      if (answer.usage.outcome === 'rejected') return;
      answer.usage.outcome = 'rejected';
      const id = recordIds.get(answer.usage);
      if (id) await usage.reject(id, answer.usage);
    },
    prompt: (locale, name, variables) =>
      renderPrompt({
        locale,
        name,
        business: tenant.name,
        persona: config.persona,
        overrides: config.prompts,
        ...(variables ? { variables } : {}),
      }),
  };
}

/** The file extension providers use to tell the audio format (WhatsApp voice notes are `audio/ogg; codecs=opus`). */
function audioExtension(mimeType: string): string {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  const known: Record<string, string> = {
    'audio/ogg': 'ogg',
    'audio/opus': 'ogg',
    'audio/mpeg': 'mp3',
    'audio/mp3': 'mp3',
    'audio/mp4': 'm4a',
    'audio/x-m4a': 'm4a',
    'audio/aac': 'm4a',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'audio/webm': 'webm',
    'audio/flac': 'flac',
    'audio/amr': 'amr',
  };
  return known[type] ?? type.split('/')[1] ?? 'ogg';
}
