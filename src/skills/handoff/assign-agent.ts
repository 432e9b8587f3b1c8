/** Which agent takes a hand-off: the least loaded of those working now who still have room. */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { agentsSwitchedOff } from '../../storage/repositories/agents.ts';
import type { Database } from '../../storage/schema.ts';
import { isWithinHours, nextOpening } from './agent-hours.ts';
import type { Agent } from './settings.ts';

/**
 * Conversations each agent holds now (assigned hand-offs), by agent id. An agent whose availability
 * switch is off in the inbox counts as full (`Infinity`), so that nobody is assigned to them.
 */
export async function agentLoads(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('handoffs')
    .select(['agent_id', sql<number>`count(*)`.as('count')])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'assigned')
    .groupBy('agent_id')
    .execute();
  const loads = new Map(rows.map((row) => [row.agent_id ?? '', Number(row.count)]));
  for (const agentId of await agentsSwitchedOff(db, tenantId)) loads.set(agentId, Infinity);
  return loads;
}

export function isAgentWorking(agent: Agent, now: Date, timezone: string): boolean {
  return typeof agent.available === 'boolean'
    ? agent.available
    : isWithinHours(agent.available, now, timezone);
}

/**
 * The agent to assign: working now, below their `maxConcurrent`, with the fewest conversations; ties go
 * to the one listed first. Null when nobody fits.
 */
export function chooseAgent(
  agents: readonly Agent[],
  loads: ReadonlyMap<string, number>,
  now: Date,
  timezone: string,
): Agent | null {
  let best: Agent | null = null;
  for (const agent of agents) {
    const load = loads.get(agent.id) ?? 0;
    if (!isAgentWorking(agent, now, timezone) || load >= agent.maxConcurrent) continue;
    if (best === null || load < (loads.get(best.id) ?? 0)) best = agent;
  }
  return best;
}

/**
 * When someone will answer a queued hand-off: the next opening of an agent's weekly hours, or null when
 * one is working now (busy) or nobody has hours ("as soon as possible").
 */
export function nextAnswerTime(agents: readonly Agent[], now: Date, timezone: string): Date | null {
  let earliest: Date | null = null;
  for (const agent of agents) {
    if (agent.available === true) return null;
    if (agent.available === false) continue;
    const opening = nextOpening(agent.available, now, timezone);
    if (opening === null) continue;
    if (opening.getTime() <= now.getTime()) return null;
    if (earliest === null || opening < earliest) earliest = opening;
  }
  return earliest;
}
