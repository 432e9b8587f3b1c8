/**
 * Agents of the inbox: tokens created through the admin API (shown once, stored as a SHA-256) and the
 * availability switch that assignment honours.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { createId } from '../../core/ids.ts';
import type { Database } from '../schema.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

/** Hex SHA-256 of a token: how tokens are stored and looked up. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CreatedAgentToken {
  id: string;
  /** The secret itself; it is not stored, so this is the only time it is seen. */
  token: string;
  createdAt: string;
}

/** A new random token for the agent (prefix `oqa_`); an `agent-token-created` event records it, without the secret. */
export async function createAgentToken(
  db: Kysely<Database>,
  input: { tenantId: string; agentId: string; now: Date },
): Promise<CreatedAgentToken> {
  const id = createId('atk', input.now);
  const token = `oqa_${randomBytes(32).toString('base64url')}`;
  const createdAt = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agent_tokens')
      .values({
        id,
        tenant_id: input.tenantId,
        agent_id: input.agentId,
        token_hash: tokenHash(token),
        created_at: createdAt,
      })
      .execute();
    await recordAgentEvent(trx, input.tenantId, 'agent-token-created', createdAt, {
      agentId: input.agentId,
      tokenId: id,
    });
  });
  return { id, token, createdAt };
}

export async function listAgentTokens(
  db: Kysely<Database>,
  tenantId: string,
  agentId: string,
): Promise<{ id: string; createdAt: string }[]> {
  const rows = await db
    .selectFrom('agent_tokens')
    .select(['id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('agent_id', '=', agentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
}

/** Deletes one of the agent's tokens (`tokenId`) or all of them; returns how many were revoked. */
export async function revokeAgentTokens(
  db: Kysely<Database>,
  input: { tenantId: string; agentId: string; tokenId?: string; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .deleteFrom('agent_tokens')
      .where('tenant_id', '=', input.tenantId)
      .where('agent_id', '=', input.agentId);
    if (input.tokenId) query = query.where('id', '=', input.tokenId);
    const deleted = await query.returning('id').execute();
    if (deleted.length > 0)
      await recordAgentEvent(trx, input.tenantId, 'agent-token-revoked', input.now.toISOString(), {
        agentId: input.agentId,
        tokenIds: deleted.map((row) => row.id),
      });
    return deleted.length;
  });
}

/** The agent a token was created for, by the token's hash; undefined when no such token exists. */
export async function findAgentToken(
  db: Kysely<Database>,
  hash: string,
): Promise<{ tenantId: string; agentId: string } | undefined> {
  const row = await db
    .selectFrom('agent_tokens')
    .select(['tenant_id', 'agent_id'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row ? { tenantId: row.tenant_id, agentId: row.agent_id } : undefined;
}

/** Switches the agent on or off for assignment; an `agent-availability-changed` event records it. */
export async function setAgentAvailability(
  db: Kysely<Database>,
  input: { tenantId: string; agentId: string; available: boolean; now: Date },
): Promise<void> {
  const at = input.now.toISOString();
  const available = input.available ? 1 : 0;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agent_status')
      .values({ tenant_id: input.tenantId, agent_id: input.agentId, available, updated_at: at })
      .onConflict((conflict) =>
        conflict.columns(['tenant_id', 'agent_id']).doUpdateSet({ available, updated_at: at }),
      )
      .execute();
    await recordAgentEvent(trx, input.tenantId, 'agent-availability-changed', at, {
      agentId: input.agentId,
      available: input.available,
    });
  });
}

/** The ids of the tenant's agents whose switch is off. */
export async function agentsSwitchedOff(db: Queryable, tenantId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('agent_status')
    .select('agent_id')
    .where('tenant_id', '=', tenantId)
    .where('available', '=', 0)
    .execute();
  return new Set(rows.map((row) => row.agent_id));
}

/** Conversations each agent holds now (assigned hand-offs), by agent id, whatever their switch. */
export async function assignedCounts(db: Queryable, tenantId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('handoffs')
    .select((eb) => ['agent_id', eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'assigned')
    .groupBy('agent_id')
    .execute();
  return new Map(rows.map((row) => [row.agent_id ?? '', Number(row.count)]));
}

async function recordAgentEvent(
  trx: Transaction<Database>,
  tenantId: string,
  type: string,
  at: string,
  data: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('events')
    .values({
      tenant_id: tenantId,
      type,
      conversation_id: null,
      contact_id: null,
      turn_id: null,
      data: JSON.stringify(data),
      created_at: at,
    })
    .execute();
}
