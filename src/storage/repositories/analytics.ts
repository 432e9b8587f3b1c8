/**
 * A tenant's figures per calendar day (in the tenant's time zone) and a contact's figures, for the
 * analytics API and the inbox's charts. The rows of the range are read with plain SQL that both engines
 * run alike, and each is put in its local day here, so that days follow the time zone's own rules.
 */
import { sql, type Kysely } from 'kysely';
import { notChatOpening } from './message-filters.ts';
import type { Database, TurnRow } from '../schema.ts';
import { localDate, localDayBounds } from './summary.ts';

/** How many of something, by name (an intent, a skill, a reason, an error code); `null` when unnamed. */
export interface Count {
  name: string | null;
  count: number;
}

export interface DayFigures {
  /** Conversations with at least one turn. */
  conversations: number;
  messages: { in: number; out: number };
  /** Conversations whose turns were all the bot's: no hand-off, nothing silenced by one. */
  automated: number;
  /** automated / conversations; null without conversations. */
  automationRate: number | null;
  /** Hand-offs opened, by reason. */
  escalations: { total: number; byReason: Count[] };
  /** Conversations handed off / conversations; null without conversations. */
  escalationRate: number | null;
  /** Turns by outcome: `answered`, `fallback` (not understood), `silenced` (a person owns the conversation). */
  turns: { total: number; answered: number; fallback: number; silenced: number };
  /** fallback / the bot's turns (answered + fallback); null without any. */
  fallbackRate: number | null;
  intents: Count[];
  skills: Count[];
  /** Replies that could not be delivered, by the provider's error code, and messages whose turn failed. */
  errors: { deliveries: Count[]; failedTurns: number };
  /** Of the bot's turns (silenced ones left out), nearest-rank percentiles; null without turns. */
  latencyMs: { p50: number | null; p95: number | null };
  /** Language-model calls of the day (`llm_calls`), those that failed, their tokens and cost. */
  llm: { calls: number; errors: number; tokensIn: number; tokensOut: number; cost: number };
  appointments: { booked: number; cancelled: number };
  /** Orders paid, and what they came to by currency. */
  orders: { paid: number; amount: Record<string, number> };
}

export interface DailyAnalytics {
  timezone: string;
  from: string;
  to: string;
  days: (DayFigures & { date: string })[];
  /** The same figures over the whole range (rates and percentiles over the whole range, not averaged). */
  totals: DayFigures;
}

/** The longest range one request may cover, in days. */
export const MAX_ANALYTICS_DAYS = 366;

/** Figures for each day from `fromDate` to `toDate` (YYYY-MM-DD, both included) in the tenant's zone. */
export async function dailyAnalytics(
  db: Kysely<Database>,
  tenant: { id: string; timezone: string },
  fromDate: string,
  toDate: string,
): Promise<DailyAnalytics> {
  const zone = tenant.timezone;
  const from = localDayBounds(fromDate, zone).start.toISOString();
  const to = localDayBounds(toDate, zone).end.toISOString();
  const dates = datesBetween(fromDate, toDate);
  const buckets = new Map(dates.map((date) => [date, createBucket()]));
  const totals = createBucket();
  /** The day's bucket and the totals, for a row stamped `at`; none when it falls outside the range. */
  const bucketsAt = (at: string) => {
    const day = buckets.get(localDate(new Date(at), zone));
    return day ? [day, totals] : [];
  };
  const turns = await db
    .selectFrom('turns')
    .select(['conversation_id', 'intent', 'skill', 'handoff', 'outcome', 'latency_ms', 'created_at'])
    .where('tenant_id', '=', tenant.id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  for (const turn of turns) for (const bucket of bucketsAt(turn.created_at)) addTurn(bucket, turn);

  // Counted per UTC minute, which every time zone's days are made of, instead of reading each message.
  const minute = sql<string>`substr(created_at, 1, 16)`;
  const messages = await db
    .selectFrom('messages')
    .select([minute.as('minute'), 'direction', sql<number>`count(*)`.as('count')])
    .where('tenant_id', '=', tenant.id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where(notChatOpening(db))
    .groupBy([minute, 'direction'])
    .execute();
  for (const row of messages)
    for (const bucket of bucketsAt(`${row.minute}:00.000Z`))
      bucket.messages[row.direction] += Number(row.count);

  const failed = await db
    .selectFrom('messages')
    .select(['direction', 'error_code', 'created_at'])
    .where('tenant_id', '=', tenant.id)
    .where('status', '=', 'failed')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  for (const row of failed)
    for (const bucket of bucketsAt(row.created_at)) {
      if (row.direction === 'in') bucket.failedTurns++;
      else increment(bucket.deliveryErrors, row.error_code);
    }

  const handoffs = await db
    .selectFrom('handoffs')
    .select(['conversation_id', 'reason', 'created_at'])
    .where('tenant_id', '=', tenant.id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  for (const row of handoffs)
    for (const bucket of bucketsAt(row.created_at)) {
      increment(bucket.reasons, row.reason);
      bucket.escalated.add(row.conversation_id);
    }

  const booked = await db
    .selectFrom('appointments')
    .select('created_at')
    .where('tenant_id', '=', tenant.id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  for (const row of booked) for (const bucket of bucketsAt(row.created_at)) bucket.appointmentsBooked++;
  const cancelled = await db
    .selectFrom('appointments')
    .select('cancelled_at')
    .where('tenant_id', '=', tenant.id)
    .where('cancelled_at', '>=', from)
    .where('cancelled_at', '<', to)
    .execute();
  for (const row of cancelled)
    for (const bucket of bucketsAt(row.cancelled_at!)) bucket.appointmentsCancelled++;

  // Every call the tenant paid for, also outside turns (embeddings) and in turns later replayed.
  const calls = await db
    .selectFrom('llm_calls')
    .select(['day', 'outcome', 'tokens_in', 'tokens_out', 'cost'])
    .where('tenant_id', '=', tenant.id)
    .where('day', '>=', fromDate)
    .where('day', '<=', toDate)
    .execute();
  for (const call of calls) {
    const day = buckets.get(call.day);
    for (const bucket of day ? [day, totals] : []) {
      bucket.llm.calls++;
      if (call.outcome === 'error') bucket.llm.errors++;
      bucket.llm.tokensIn += Number(call.tokens_in);
      bucket.llm.tokensOut += Number(call.tokens_out);
      bucket.llm.cost += Number(call.cost);
    }
  }

  const paid = await db
    .selectFrom('orders')
    .select(['paid_at', 'amount', 'currency'])
    .where('tenant_id', '=', tenant.id)
    .where('paid_at', '>=', from)
    .where('paid_at', '<', to)
    .execute();
  for (const row of paid)
    for (const bucket of bucketsAt(row.paid_at!)) {
      bucket.ordersPaid++;
      bucket.paidAmount[row.currency] = (bucket.paidAmount[row.currency] ?? 0) + Number(row.amount);
    }

  return {
    timezone: zone,
    from,
    to,
    days: dates.map((date) => ({ date, ...figuresOf(buckets.get(date)!) })),
    totals: figuresOf(totals),
  };
}

type TurnFields = Pick<
  TurnRow,
  'conversation_id' | 'intent' | 'skill' | 'handoff' | 'outcome' | 'latency_ms' | 'created_at'
>;

interface Bucket {
  conversations: Set<string>;
  /** Conversations with a turn that handed off or was silenced by a hand-off. */
  withPerson: Set<string>;
  escalated: Set<string>;
  messages: { in: number; out: number };
  outcomes: Map<string, number>;
  intents: Map<string | null, number>;
  skills: Map<string | null, number>;
  reasons: Map<string | null, number>;
  deliveryErrors: Map<string | null, number>;
  failedTurns: number;
  latencies: number[];
  llm: { calls: number; errors: number; tokensIn: number; tokensOut: number; cost: number };
  appointmentsBooked: number;
  appointmentsCancelled: number;
  ordersPaid: number;
  paidAmount: Record<string, number>;
}

function createBucket(): Bucket {
  return {
    conversations: new Set(),
    withPerson: new Set(),
    escalated: new Set(),
    messages: { in: 0, out: 0 },
    outcomes: new Map(),
    intents: new Map(),
    skills: new Map(),
    reasons: new Map(),
    deliveryErrors: new Map(),
    failedTurns: 0,
    latencies: [],
    llm: { calls: 0, errors: 0, tokensIn: 0, tokensOut: 0, cost: 0 },
    appointmentsBooked: 0,
    appointmentsCancelled: 0,
    ordersPaid: 0,
    paidAmount: {},
  };
}

function addTurn(bucket: Bucket, turn: TurnFields): void {
  bucket.conversations.add(turn.conversation_id);
  if (Number(turn.handoff) === 1) bucket.withPerson.add(turn.conversation_id);
  increment(bucket.outcomes, turn.outcome);
  increment(bucket.intents, turn.intent);
  increment(bucket.skills, turn.skill);
  if (turn.outcome !== 'silenced') bucket.latencies.push(Number(turn.latency_ms));
}

function figuresOf(bucket: Bucket): DayFigures {
  const conversations = bucket.conversations.size;
  const automated = [...bucket.conversations].filter((id) => !bucket.withPerson.has(id)).length;
  const outcome = (name: string) => bucket.outcomes.get(name) ?? 0;
  const total = [...bucket.outcomes.values()].reduce((sum, count) => sum + count, 0);
  const botTurns = total - outcome('silenced');
  const latencies = [...bucket.latencies].sort((a, b) => a - b);
  return {
    conversations,
    messages: { ...bucket.messages },
    automated,
    automationRate: ratio(automated, conversations),
    escalations: { total: sum(bucket.reasons), byReason: counts(bucket.reasons) },
    escalationRate: ratio(bucket.escalated.size, conversations),
    turns: {
      total,
      answered: outcome('answered'),
      fallback: outcome('fallback'),
      silenced: outcome('silenced'),
    },
    fallbackRate: ratio(outcome('fallback'), botTurns),
    intents: counts(bucket.intents),
    skills: counts(bucket.skills),
    errors: { deliveries: counts(bucket.deliveryErrors), failedTurns: bucket.failedTurns },
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    llm: { ...bucket.llm, cost: round(bucket.llm.cost, 6) },
    appointments: { booked: bucket.appointmentsBooked, cancelled: bucket.appointmentsCancelled },
    orders: { paid: bucket.ordersPaid, amount: { ...bucket.paidAmount } },
  };
}

/** Nearest-rank percentile of ascending values: the smallest value with at least `q` of them at or below it. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** The calendar dates from `first` to `last`, both included (YYYY-MM-DD). */
export function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`); day += 86_400_000)
    dates.push(new Date(day).toISOString().slice(0, 10));
  return dates;
}

export interface ContactAnalytics {
  contactId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  conversations: number;
  messages: { in: number; out: number };
  appointments: { booked: number; cancelled: number };
  orders: { total: number; paid: number; amount: Record<string, number> };
  escalations: { total: number; byReason: Count[] };
}

/** A contact's figures over their whole history; undefined when the tenant has no such contact. */
export async function contactAnalytics(
  db: Kysely<Database>,
  tenantId: string,
  contactId: string,
): Promise<ContactAnalytics | undefined> {
  const contact = await db
    .selectFrom('contacts')
    .select(['created_at', 'last_seen_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) return undefined;
  const conversations = await db
    .selectFrom('conversations')
    .select(sql<number>`count(*)`.as('count'))
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  const messages = await db
    .selectFrom('messages')
    .select(['direction', sql<number>`count(*)`.as('count')])
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where(notChatOpening(db))
    .groupBy('direction')
    .execute();
  const appointments = await db
    .selectFrom('appointments')
    .select('status')
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .execute();
  const orders = await db
    .selectFrom('orders')
    .select(['status', 'amount', 'currency'])
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .execute();
  const handoffs = await db
    .selectFrom('handoffs')
    .select('reason')
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .execute();

  const reasons = new Map<string | null, number>();
  for (const row of handoffs) increment(reasons, row.reason);
  const paid = orders.filter((order) => order.status === 'paid');
  const amount: Record<string, number> = {};
  for (const order of paid) amount[order.currency] = (amount[order.currency] ?? 0) + Number(order.amount);
  const direction = (name: string) => Number(messages.find((row) => row.direction === name)?.count ?? 0);
  return {
    contactId,
    firstSeenAt: contact.created_at,
    lastSeenAt: contact.last_seen_at,
    conversations: Number(conversations?.count ?? 0),
    messages: { in: direction('in'), out: direction('out') },
    appointments: {
      booked: appointments.length,
      cancelled: appointments.filter((row) => row.status === 'cancelled').length,
    },
    orders: { total: orders.length, paid: paid.length, amount },
    escalations: { total: handoffs.length, byReason: counts(reasons) },
  };
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sum(map: Map<unknown, number>): number {
  return [...map.values()].reduce((total, count) => total + count, 0);
}

/** Most frequent first; ties by name. */
function counts(map: Map<string | null, number>): Count[] {
  return [...map]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || String(a.name).localeCompare(String(b.name)));
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
