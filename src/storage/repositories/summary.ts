/**
 * A tenant's day at a glance, for the admin API: active contacts, messages in and out, turns by skill and
 * open conversations by status. "A day" is a calendar day in the tenant's time zone.
 */
import type { Kysely } from 'kysely';
import { jsonText } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { notChatOpening } from './message-filters.ts';

export interface TenantSummary {
  /** The calendar day (YYYY-MM-DD) in `timezone`. */
  date: string;
  timezone: string;
  /** The day's bounds as UTC instants: `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  /** Distinct contacts who sent a message in the 24 hours before `activeUntil`. */
  activeContacts: number;
  /** The end of that 24-hour window: now, or the end of the day when the day is over. */
  activeUntil: string;
  messages: { in: number; out: number };
  /** From the `turn-committed` audit events, so turns of erased contacts still count. */
  turns: { total: number; bySkill: { skill: string | null; turns: number }[] };
  /** Open conversations right now, by who is answering them. */
  conversations: { bot: number; pending_human: number; human: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function summarizeTenant(
  db: Kysely<Database>,
  tenant: { id: string; timezone: string },
  date: string,
  now: Date,
): Promise<TenantSummary> {
  const { start, end } = localDayBounds(date, tenant.timezone);
  const from = start.toISOString();
  const to = end.toISOString();
  const activeUntil = new Date(Math.min(now.getTime(), end.getTime()));

  const active = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.count<number>('contact_id').distinct().as('count'))
    .where('tenant_id', '=', tenant.id)
    .where('direction', '=', 'in')
    .where('created_at', '>=', new Date(activeUntil.getTime() - DAY_MS).toISOString())
    .where('created_at', '<', activeUntil.toISOString())
    .executeTakeFirst();

  const messages = await db
    .selectFrom('messages')
    .select((eb) => ['direction', eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenant.id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where(notChatOpening(db))
    .groupBy('direction')
    .execute();

  // The skill sits in the event's JSON data; the same expression is selected and grouped by.
  const skill = jsonText(db, 'data', 'skill');
  const turns = await db
    .selectFrom('events')
    .select((eb) => [skill.as('skill'), eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenant.id)
    .where('type', '=', 'turn-committed')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy(skill)
    .execute();
  const bySkill = turns
    .map((row) => ({ skill: row.skill, turns: Number(row.count) }))
    .sort((a, b) => b.turns - a.turns || String(a.skill).localeCompare(String(b.skill)));

  const open = await db
    .selectFrom('conversations')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenant.id)
    .where('closed_at', 'is', null)
    .groupBy('status')
    .execute();
  const openWith = (status: string) => Number(open.find((row) => row.status === status)?.count ?? 0);

  return {
    date,
    timezone: tenant.timezone,
    from,
    to,
    activeContacts: Number(active?.count ?? 0),
    activeUntil: activeUntil.toISOString(),
    messages: {
      in: Number(messages.find((row) => row.direction === 'in')?.count ?? 0),
      out: Number(messages.find((row) => row.direction === 'out')?.count ?? 0),
    },
    turns: { total: bySkill.reduce((sum, row) => sum + row.turns, 0), bySkill },
    conversations: {
      bot: openWith('bot'),
      pending_human: openWith('pending_human'),
      human: openWith('human'),
    },
  };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant.getTime(), timeZone);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/**
 * The UTC instants at which a calendar day (YYYY-MM-DD) starts and the next one starts in a time zone.
 * A day with a daylight-saving change is 23 or 25 hours long.
 */
export function localDayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  return {
    start: localMidnight(year, month, day, timeZone),
    end: localMidnight(year, month, day + 1, timeZone),
  };
}

/** Midnight of a local date as a UTC instant; `day` may overflow into the next month, as in Date.UTC. */
function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // The offset is taken twice: at the first guess, then at the instant it gives, which is right on days
  // whose offset changes between midnight UTC and local midnight.
  const guess = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(guess, timeZone));
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = zonedParts(instant, timeZone);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

function zonedParts(instant: number, timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = format.formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? NaN);
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}
