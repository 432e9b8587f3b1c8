/**
 * Who the tenants' agents are (`skillSettings.handoff.agents`) and which agent a bearer token belongs to:
 * a `token` from the tenant config, or one created through the admin API (stored as a SHA-256).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { OrquestaError } from '../core/errors.ts';
import type { AgentTokenResolver } from '../server/auth.ts';
import { parseHandoffSettings, type Agent, type HandoffSettings } from '../skills/handoff/index.ts';
import { findAgentToken, tokenHash } from '../storage/repositories/agents.ts';
import type { Database } from '../storage/schema.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';

export interface AgentDirectory {
  /** The tenant's hand-off settings; throws `not_found` when the tenant does not use hand-offs. */
  settings(tenant: TenantConfig): HandoffSettings;
  /** The tenant's agent; throws `not_found` naming the tenant's agents when there is none with that id. */
  agent(tenant: TenantConfig, agentId: string): Agent;
  resolveToken: AgentTokenResolver;
}

export function createAgentDirectory(
  tenants: ReadonlyMap<string, TenantConfig>,
  db: Kysely<Database>,
): AgentDirectory {
  const settingsByTenant = new Map<string, HandoffSettings>();
  const configTokens: { tenantId: string; agentId: string; digest: Buffer }[] = [];
  for (const tenant of tenants.values()) {
    if (!tenant.skills.includes('handoff')) continue;
    const settings = parseHandoffSettings(tenant);
    settingsByTenant.set(tenant.id, settings);
    for (const agent of settings.agents)
      if (agent.token)
        configTokens.push({ tenantId: tenant.id, agentId: agent.id, digest: digest(agent.token) });
  }

  function settings(tenant: TenantConfig): HandoffSettings {
    const found = settingsByTenant.get(tenant.id);
    if (!found)
      throw new OrquestaError(
        'not_found',
        `tenant "${tenant.id}" does not use hand-offs, so it has no agents — add handoff to its skills in orquesta.yaml`,
      );
    return found;
  }

  function agent(tenant: TenantConfig, agentId: string): Agent {
    const { agents } = settings(tenant);
    const found = agents.find((candidate) => candidate.id === agentId);
    if (!found)
      throw new OrquestaError(
        'not_found',
        `agent "${agentId}" is not an agent of tenant "${tenant.id}" — use one of: ${agents.map((a) => a.id).join(', ') || '(none configured in skillSettings.handoff.agents)'}`,
      );
    return found;
  }

  async function resolveToken(token: string) {
    const presented = digest(token);
    const configured = configTokens.find((candidate) => timingSafeEqual(presented, candidate.digest));
    if (configured) return { tenantId: configured.tenantId, agentId: configured.agentId };
    const created = await findAgentToken(db, tokenHash(token));
    // A created token stops working once its agent leaves the configuration.
    const stillAgent =
      created && settingsByTenant.get(created.tenantId)?.agents.some((a) => a.id === created.agentId);
    return stillAgent ? created : undefined;
  }

  return { settings, agent, resolveToken };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
