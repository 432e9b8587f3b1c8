/**
 * The tenant's agents under `/api/v1/tenants/{tenant}/agents/…`: who they are and whether they take
 * conversations, their inbox tokens (created, listed, revoked with an admin or tenant token), and the
 * availability switch, which an agent sets for themself as `agents/me`.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { OrquestaError } from '../../core/errors.ts';
import type { AgentDirectory } from '../../dashboard/agent-directory.ts';
import type { Orquesta } from '../../orquesta.ts';
import { isAgentWorking } from '../../skills/handoff/assign-agent.ts';
import {
  agentsSwitchedOff,
  assignedCounts,
  createAgentToken,
  listAgentTokens,
  revokeAgentTokens,
  setAgentAvailability,
} from '../../storage/repositories/agents.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { requireTenant } from '../auth.ts';
import { errorResponses, isoTime, tenantParams } from './admin-schemas.ts';

const agentParams = tenantParams.extend({
  id: z
    .string()
    .min(1)
    .max(100)
    .describe('An agent id from skillSettings.handoff.agents, or `me` with an agent token.'),
});
const tokenParams = agentParams.extend({ tokenId: z.string().min(1).max(100) });

const agentItem = z.object({
  id: z.string(),
  name: z.string(),
  maxConcurrent: z.number().int(),
  available: z.boolean().describe('The availability switch (on unless the agent switched it off).'),
  working: z
    .boolean()
    .describe('Whether assignment picks the agent now: switched on and within their hours.'),
  conversations: z.number().int().describe('Conversations assigned to the agent now.'),
});
const availabilityResponse = z.object({ agentId: z.string(), available: z.boolean(), working: z.boolean() });

/**
 * The tenant a route names, for a caller who may read it: the admin, the tenant's token, or one of the
 * tenant's agents (who get 403 on any other tenant).
 */
export function requireTenantReader(
  request: FastifyRequest,
  tenants: ReadonlyMap<string, TenantConfig>,
  tenantId: string,
): TenantConfig {
  const principal = request.principal;
  if (principal?.kind !== 'agent') return requireTenant(request, tenants, tenantId);
  const tenant = tenants.get(principal.tenantId);
  if (principal.tenantId !== tenantId || !tenant)
    throw new OrquestaError(
      'forbidden',
      `this agent token does not give access to tenant "${tenantId}" — an agent reaches only their own tenant`,
    );
  return tenant;
}

export function agentRoutes(orquesta: Orquesta, directory: AgentDirectory): FastifyPluginAsyncZod {
  const { db } = orquesta.database;

  /** The agent a route names: `me` is the calling agent; an agent may only name themself. */
  function namedAgent(request: FastifyRequest, tenantId: string, id: string) {
    const principal = request.principal;
    if (principal?.kind === 'agent') {
      const tenant = requireTenantReader(request, orquesta.tenants, tenantId);
      if (id !== 'me' && id !== principal.agentId)
        throw new OrquestaError(
          'forbidden',
          `an agent may only change their own availability — use agents/me, not agents/${id}`,
        );
      return { tenant, agent: directory.agent(tenant, principal.agentId) };
    }
    const tenant = requireTenant(request, orquesta.tenants, tenantId);
    if (id === 'me')
      throw new OrquestaError(
        'invalid_request',
        '`me` names the calling agent, and this is not an agent token — use the agent id instead',
      );
    return { tenant, agent: directory.agent(tenant, id) };
  }

  /** The agent a token route names; only the admin and the tenant's token manage tokens. */
  function managedAgent(request: FastifyRequest, tenantId: string, id: string) {
    const tenant = requireTenant(request, orquesta.tenants, tenantId);
    return { tenant, agent: directory.agent(tenant, id) };
  }

  return async (app) => {
    app.get(
      '/tenants/:tenant/agents',
      {
        schema: {
          tags: ['agents'],
          summary: "The tenant's agents, whether they take conversations now and how many they hold",
          params: tenantParams,
          response: { 200: z.object({ agents: z.array(agentItem) }), ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenantReader(request, orquesta.tenants, request.params.tenant);
        const { agents } = directory.settings(tenant);
        const loads = await assignedCounts(db, tenant.id);
        const off = await agentsSwitchedOff(db, tenant.id);
        const now = orquesta.clock.now();
        return {
          agents: agents.map((agent) => ({
            id: agent.id,
            name: agent.name,
            maxConcurrent: agent.maxConcurrent,
            available: !off.has(agent.id),
            working: !off.has(agent.id) && isAgentWorking(agent, now, tenant.timezone),
            conversations: loads.get(agent.id) ?? 0,
          })),
        };
      },
    );

    app.put(
      '/tenants/:tenant/agents/:id/availability',
      {
        schema: {
          tags: ['agents'],
          summary: "Switch an agent on or off for assignment (`agents/me` with the agent's own token)",
          description:
            'Off: the bot assigns the agent no new conversations (those they hold stay theirs). On: the ' +
            'agent is assigned conversations within their configured hours (`available`).',
          params: agentParams,
          body: z.object({ available: z.boolean() }),
          response: { 200: availabilityResponse, ...errorResponses },
        },
      },
      async (request) => {
        const { tenant, agent } = namedAgent(request, request.params.tenant, request.params.id);
        const { available } = request.body;
        const now = orquesta.clock.now();
        await setAgentAvailability(db, { tenantId: tenant.id, agentId: agent.id, available, now });
        request.log.info({ tenant: tenant.id, agentId: agent.id, available }, 'agent availability changed');
        return {
          agentId: agent.id,
          available,
          working: available && isAgentWorking(agent, now, tenant.timezone),
        };
      },
    );

    app.post(
      '/tenants/:tenant/agents/:id/tokens',
      {
        schema: {
          tags: ['agents'],
          summary: 'Create an inbox token for the agent; it is shown once',
          description: 'Only its SHA-256 is stored: keep the token now, or create another later.',
          params: agentParams,
          response: {
            201: z.object({ id: z.string(), agentId: z.string(), token: z.string(), createdAt: isoTime }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const { tenant, agent } = managedAgent(request, request.params.tenant, request.params.id);
        const created = await createAgentToken(db, {
          tenantId: tenant.id,
          agentId: agent.id,
          now: orquesta.clock.now(),
        });
        request.log.info(
          { tenant: tenant.id, agentId: agent.id, tokenId: created.id },
          'agent token created',
        );
        return reply.code(201).send({ ...created, agentId: agent.id });
      },
    );

    app.get(
      '/tenants/:tenant/agents/:id/tokens',
      {
        schema: {
          tags: ['agents'],
          summary: "The agent's tokens created through the API (ids only, never the secrets)",
          params: agentParams,
          response: {
            200: z.object({ tokens: z.array(z.object({ id: z.string(), createdAt: isoTime })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { tenant, agent } = managedAgent(request, request.params.tenant, request.params.id);
        return { tokens: await listAgentTokens(db, tenant.id, agent.id) };
      },
    );

    app.delete(
      '/tenants/:tenant/agents/:id/tokens',
      {
        schema: {
          tags: ['agents'],
          summary: "Revoke all the agent's tokens created through the API",
          description: 'A token set in orquesta.yaml (`token`) is not affected: remove it there.',
          params: agentParams,
          response: { 200: z.object({ revoked: z.number().int() }), ...errorResponses },
        },
      },
      async (request) => {
        const { tenant, agent } = managedAgent(request, request.params.tenant, request.params.id);
        const revoked = await revokeAgentTokens(db, {
          tenantId: tenant.id,
          agentId: agent.id,
          now: orquesta.clock.now(),
        });
        request.log.info({ tenant: tenant.id, agentId: agent.id, revoked }, 'agent tokens revoked');
        return { revoked };
      },
    );

    app.delete(
      '/tenants/:tenant/agents/:id/tokens/:tokenId',
      {
        schema: {
          tags: ['agents'],
          summary: 'Revoke one of the agent’s tokens',
          params: tokenParams,
          response: { 200: z.object({ revoked: z.number().int() }), ...errorResponses },
        },
      },
      async (request) => {
        const { tenant, agent } = managedAgent(request, request.params.tenant, request.params.id);
        const { tokenId } = request.params;
        const revoked = await revokeAgentTokens(db, {
          tenantId: tenant.id,
          agentId: agent.id,
          tokenId,
          now: orquesta.clock.now(),
        });
        if (revoked === 0)
          throw new OrquestaError(
            'not_found',
            `agent "${agent.id}" has no token "${tokenId}" — list them with GET /api/v1/tenants/${tenant.id}/agents/${agent.id}/tokens`,
          );
        request.log.info({ tenant: tenant.id, agentId: agent.id, tokenId }, 'agent token revoked');
        return { revoked };
      },
    );
  };
}
