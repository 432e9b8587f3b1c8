/**
 * Usage accounting of language-model calls: one `llm_calls` row per call with its tokens, cost and
 * latency; daily totals per tenant; and the daily token budget after which the model is not called.
 */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { createId } from '../core/ids.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { localDate } from '../storage/repositories/summary.ts';
import type { Database } from '../storage/schema.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import type { LlmConfig } from './llm-config.ts';
import type { LlmCall, LlmUsage } from './llm.ts';

/** The cost of a call from the tenant's price table (per million tokens); 0 for a model without a price. */
export function callCost(
  prices: LlmConfig['prices'],
  model: string,
  tokensIn: number,
  tokensOut: number,
): number {
  const price = prices[model];
  if (!price) return 0;
  return (tokensIn * price.input + tokensOut * price.output) / 1_000_000;
}

export interface UsageRecorderOptions {
  db: Kysely<Database>;
  tenant: TenantConfig;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics | undefined;
}

export interface UsageRecorder {
  /** Stores a call's usage and counts it in the metrics; resolves to the row's id (null if it could not be stored). */
  record(usage: LlmUsage, call: LlmCall): Promise<string | null>;
  /** Marks a recorded call `rejected` (its answer failed a check such as the grounding guard). */
  reject(id: string, usage: LlmUsage): Promise<void>;
  /** Whether today's tokens (in the tenant's time zone) reached `llm.dailyTokenBudget`. */
  overBudget(): Promise<boolean>;
}

/**
 * Records calls as they end, straight into `llm_calls` rather than inside the turn's commit: the call
 * happened and was paid for even if the turn is later replayed, and a replayed turn's calls happen, and
 * cost, again. The turn's own copy of its calls goes to `turns.llm_usage` with its commit.
 */
export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const { db, tenant, clock, logger, metrics } = options;
  const budget = tenant.llm?.dailyTokenBudget;
  // Today's tokens, read from the database once per day and then kept up to date in memory, so the budget
  // check costs no query. Another process's calls are seen at the next day's read.
  let today: { day: string; tokens: Promise<number> } | undefined;

  const tokensOf = (day: string) =>
    db
      .selectFrom('llm_calls')
      .select(sql<number>`coalesce(sum(tokens_in + tokens_out), 0)`.as('tokens'))
      .where('tenant_id', '=', tenant.id)
      .where('day', '=', day)
      .executeTakeFirst()
      .then((row) => Number(row?.tokens ?? 0));

  return {
    async record(usage, call) {
      metrics?.llmCalls.inc({ tenant: tenant.id, purpose: usage.purpose, outcome: usage.outcome });
      metrics?.llmTokens.inc({ tenant: tenant.id, model: usage.model, direction: 'in' }, usage.tokensIn);
      metrics?.llmTokens.inc({ tenant: tenant.id, model: usage.model, direction: 'out' }, usage.tokensOut);
      metrics?.llmCost.inc({ tenant: tenant.id, model: usage.model }, usage.cost);
      const now = clock.now();
      const day = localDate(now, tenant.timezone);
      const id = createId('llm', now);
      try {
        await db
          .insertInto('llm_calls')
          .values({
            id,
            tenant_id: tenant.id,
            conversation_id: call.conversationId ?? null,
            turn_key: call.turnKey ?? null,
            purpose: usage.purpose,
            model: usage.model,
            tokens_in: usage.tokensIn,
            tokens_out: usage.tokensOut,
            cost: usage.cost,
            latency_ms: Math.round(usage.latencyMs),
            outcome: usage.outcome,
            created_at: now.toISOString(),
            day,
          })
          .execute();
      } catch (error) {
        logger.error({ err: error, tenant: tenant.id }, 'language-model usage could not be recorded');
        return null;
      }
      if (today?.day === day) {
        const spent = usage.tokensIn + usage.tokensOut;
        today.tokens = today.tokens.then((tokens) => tokens + spent);
      }
      return id;
    },
    async reject(id, usage) {
      // The call itself was counted as `ok`; the failed check is counted apart.
      metrics?.llmRejected.inc({ tenant: tenant.id, purpose: usage.purpose });
      await db
        .updateTable('llm_calls')
        .set({ outcome: 'rejected' })
        .where('id', '=', id)
        .execute()
        .catch((error: unknown) =>
          logger.error({ err: error, tenant: tenant.id }, 'language-model usage could not be updated'),
        );
    },
    async overBudget() {
      if (budget === undefined) return false;
      const day = localDate(clock.now(), tenant.timezone);
      if (today?.day !== day) {
        const tokens = tokensOf(day);
        today = { day, tokens };
        tokens.catch(() => {
          if (today?.tokens === tokens) today = undefined;
        });
      }
      try {
        return (await today.tokens) >= budget;
      } catch (error) {
        logger.error({ err: error, tenant: tenant.id }, "today's language-model usage could not be read");
        return false;
      }
    },
  };
}

/** A day's usage of one model, as the admin API shows it. */
export interface DailyModelUsage {
  day: string;
  model: string;
  calls: number;
  /** Calls that failed (`error`); rejected answers are counted apart. */
  errors: number;
  rejected: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/** The tenant's usage by day and model between two days (YYYY-MM-DD, both included), oldest first. */
export async function dailyUsage(
  db: Kysely<Database>,
  tenantId: string,
  from: string,
  to: string,
): Promise<DailyModelUsage[]> {
  const rows = await db
    .selectFrom('llm_calls')
    .select(['day', 'model', 'outcome', 'tokens_in', 'tokens_out', 'cost', 'latency_ms'])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('model')
    .execute();
  const groups = new Map<string, { usage: DailyModelUsage; latencies: number[] }>();
  for (const row of rows) {
    const key = `${row.day}\u0000${row.model}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        usage: {
          day: row.day,
          model: row.model,
          calls: 0,
          errors: 0,
          rejected: 0,
          tokensIn: 0,
          tokensOut: 0,
          cost: 0,
          latencyP50Ms: 0,
          latencyP95Ms: 0,
        },
        latencies: [],
      };
      groups.set(key, group);
    }
    const { usage } = group;
    usage.calls++;
    if (row.outcome === 'error') usage.errors++;
    if (row.outcome === 'rejected') usage.rejected++;
    usage.tokensIn += Number(row.tokens_in);
    usage.tokensOut += Number(row.tokens_out);
    usage.cost += Number(row.cost);
    group.latencies.push(Number(row.latency_ms));
  }
  return [...groups.values()].map(({ usage, latencies }) => {
    latencies.sort((a, b) => a - b);
    return {
      ...usage,
      cost: Math.round(usage.cost * 1e6) / 1e6,
      latencyP50Ms: percentile(latencies, 0.5),
      latencyP95Ms: percentile(latencies, 0.95),
    };
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}
