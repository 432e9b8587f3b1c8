import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  messagesReceived: Counter<'tenant' | 'channel'>;
  messagesProcessed: Counter<'tenant' | 'channel'>;
  messagesSent: Counter<'tenant' | 'channel'>;
  messagesFailed: Counter<'tenant' | 'channel'>;
  turnDuration: Histogram<'tenant' | 'skill'>;
  webhooksReceived: Counter<'tenant' | 'channel' | 'status'>;
  webhooksRejected: Counter<'tenant' | 'channel' | 'reason'>;
  inboxDepth: Gauge;
  outboxDepth: Gauge;
  /** Language-model calls by outcome: `ok`, `error`, or refused before going out (`budget`, `circuit_open`, `deadline`). */
  llmCalls: Counter<'tenant' | 'purpose' | 'outcome'>;
  /** Answers that came back but failed a check (the grounding guard, a knowledge answer's document). */
  llmRejected: Counter<'tenant' | 'purpose'>;
  llmTokens: Counter<'tenant' | 'model' | 'direction'>;
  llmCost: Counter<'tenant' | 'model'>;
  llmCircuitOpen: Gauge<'tenant' | 'model'>;
}

export interface QueueDepths {
  inbox(): Promise<number>;
  outbox(): Promise<number>;
}

/** A registry of its own per process (never the global one), so several apps can live in one test process. */
export function createMetrics(depths?: QueueDepths): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'orquesta_process_' });
  const byTenantAndChannel = { labelNames: ['tenant', 'channel'] as const, registers: [registry] };
  return {
    registry,
    messagesReceived: new Counter({
      name: 'orquesta_messages_received_total',
      help: 'Inbound messages stored (duplicates not counted).',
      ...byTenantAndChannel,
    }),
    messagesProcessed: new Counter({
      name: 'orquesta_messages_processed_total',
      help: 'Inbound messages consumed by a committed turn.',
      ...byTenantAndChannel,
    }),
    messagesSent: new Counter({
      name: 'orquesta_messages_sent_total',
      help: 'Outbound messages accepted by the channel.',
      ...byTenantAndChannel,
    }),
    messagesFailed: new Counter({
      name: 'orquesta_messages_failed_total',
      help: 'Outbound messages that failed for good.',
      ...byTenantAndChannel,
    }),
    turnDuration: new Histogram({
      name: 'orquesta_turn_duration_seconds',
      help: 'Time from the start of a turn to its commit.',
      labelNames: ['tenant', 'skill'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    webhooksReceived: new Counter({
      name: 'orquesta_webhooks_received_total',
      help: 'Webhook requests answered, by HTTP status.',
      labelNames: ['tenant', 'channel', 'status'] as const,
      registers: [registry],
    }),
    webhooksRejected: new Counter({
      name: 'orquesta_webhooks_rejected_total',
      help: 'Webhook requests refused for a bad or missing signature, or a connection without its secret.',
      labelNames: ['tenant', 'channel', 'reason'] as const,
      registers: [registry],
    }),
    inboxDepth: new Gauge({
      name: 'orquesta_inbox_depth',
      help: 'Inbound messages waiting for a turn.',
      registers: [registry],
      async collect() {
        if (depths) this.set(await depths.inbox());
      },
    }),
    outboxDepth: new Gauge({
      name: 'orquesta_outbox_depth',
      help: 'Outbound messages waiting to be sent.',
      registers: [registry],
      async collect() {
        if (depths) this.set(await depths.outbox());
      },
    }),
    llmCalls: new Counter({
      name: 'orquesta_llm_calls_total',
      help: 'Language-model calls, by purpose and outcome (budget, circuit_open, deadline: refused without calling).',
      labelNames: ['tenant', 'purpose', 'outcome'] as const,
      registers: [registry],
    }),
    llmRejected: new Counter({
      name: 'orquesta_llm_answers_rejected_total',
      help: 'Language-model answers that came back but failed a check, so the template was sent.',
      labelNames: ['tenant', 'purpose'] as const,
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: 'orquesta_llm_tokens_total',
      help: 'Language-model tokens, by direction (in: prompt, out: completion).',
      labelNames: ['tenant', 'model', 'direction'] as const,
      registers: [registry],
    }),
    llmCost: new Counter({
      name: 'orquesta_llm_cost_total',
      help: "Cost of language-model calls from the tenant's price table (llm.prices).",
      labelNames: ['tenant', 'model'] as const,
      registers: [registry],
    }),
    llmCircuitOpen: new Gauge({
      name: 'orquesta_llm_circuit_open',
      help: "1 while a tenant's circuit breaker for a model is open or half-open, 0 when closed.",
      labelNames: ['tenant', 'model'] as const,
      registers: [registry],
    }),
  };
}
