/**
 * The hand-off admin API under `/api/v1/tenants/{tenant}/…`: the queue, assigning an agent, an agent's
 * messages into the conversation, and releasing it back to the bot. Also runs the agent notifier while
 * the app is up, when a tenant has a `notifyWebhookUrl`.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import { queueAgentMessage } from '../../skills/handoff/agent-messages.ts';
import { notifyPendingHandoffs } from '../../skills/handoff/agent-notifier.ts';
import {
  assignHandoff,
  listHandoffs,
  releaseConversation,
  toHandoffView,
} from '../../skills/handoff/handoffs-repository.ts';
import { parseHandoffSettings, type HandoffSettings } from '../../skills/handoff/settings.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { requireTenant } from '../auth.ts';
import {
  conversationParams,
  errorBody,
  errorResponses,
  isoTime,
  notFound,
  tenantParams,
} from './admin-schemas.ts';

const handoffStatus = z
  .enum(['queued', 'assigned', 'released'])
  .describe('queued: waiting for an agent; assigned: an agent answers; released: back to the bot.');

const handoffItem = z.object({
  id: z.string(),
  conversationId: z.string(),
  contactId: z.string(),
  reason: z.string().describe('asked_for_human, keyword, low_confidence, message_limit, invalid_answers…'),
  status: handoffStatus,
  agentId: z.string().nullable(),
  createdAt: isoTime,
  assignedAt: isoTime.nullable(),
  releasedAt: isoTime.nullable(),
});

const agentId = z.string().min(1).max(100).describe('An agent id from skillSettings.handoff.agents.');
const conflictResponses = { ...errorResponses, 409: errorBody };

const NOTIFY_EVERY_MS = 2000;

export function handoffRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  const settingsByTenant = new Map<string, HandoffSettings>();
  for (const tenant of orquesta.tenants.values())
    if (tenant.skills.includes('handoff')) settingsByTenant.set(tenant.id, parseHandoffSettings(tenant));

  function handoffSettings(tenant: TenantConfig): HandoffSettings {
    const settings = settingsByTenant.get(tenant.id);
    if (!settings)
      throw new OrquestaError(
        'not_found',
        `tenant "${tenant.id}" does not use hand-offs — add handoff to its skills in orquesta.yaml`,
      );
    return settings;
  }

  function agentOf(tenant: TenantConfig, id: string) {
    const { agents } = handoffSettings(tenant);
    const agent = agents.find((candidate) => candidate.id === id);
    if (!agent)
      throw new OrquestaError(
        'invalid_request',
        `agentId "${id}" is not an agent of tenant "${tenant.id}" — use one of: ${agents.map((a) => a.id).join(', ') || '(none configured in skillSettings.handoff.agents)'}`,
      );
    return agent;
  }

  return async (app) => {
    if ([...settingsByTenant.values()].some((settings) => settings.notifyWebhookUrl)) {
      let timer: NodeJS.Timeout | undefined;
      const notify = () =>
        notifyPendingHandoffs(
          { db, settings: settingsByTenant, logger: orquesta.logger },
          orquesta.clock.now(),
        ).catch((error: unknown) => orquesta.logger.error({ err: error }, 'agent notification failed'));
      app.addHook('onReady', async () => {
        timer = setInterval(notify, NOTIFY_EVERY_MS);
        timer.unref();
      });
      app.addHook('onClose', async () => clearInterval(timer));
    }

    app.get(
      '/tenants/:tenant/handoffs',
      {
        schema: {
          tags: ['handoffs'],
          summary: 'The hand-off queue: conversations handed to a person, oldest first',
          params: tenantParams,
          querystring: z.object({
            status: handoffStatus.optional(),
            contactId: z.string().min(1).max(100).optional(),
          }),
          response: { 200: z.object({ handoffs: z.array(handoffItem) }), ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        handoffSettings(tenant);
        const { status, contactId } = request.query;
        const rows = await listHandoffs(db, tenant.id, {
          ...(status ? { status } : {}),
          ...(contactId ? { contactId } : {}),
        });
        return { handoffs: rows.map(toHandoffView) };
      },
    );

    app.post(
      '/tenants/:tenant/handoffs/:id/assign',
      {
        schema: {
          tags: ['handoffs'],
          summary: 'Give a hand-off to an agent (from the queue, or from another agent)',
          description:
            'The conversation becomes human. 409 when the hand-off was released or the agent already holds ' +
            'their maxConcurrent conversations.',
          params: conversationParams,
          body: z.object({ agentId }),
          response: { 200: handoffItem, ...conflictResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const agent = agentOf(tenant, request.body.agentId);
        const { id } = request.params;
        const result = await assignHandoff(
          db,
          tenant.id,
          id,
          agent,
          orquesta.clock.now(),
          settingsByTenant.get(tenant.id)?.agentTemplate,
        );
        if (result.status === 'not_found')
          throw new OrquestaError(
            'not_found',
            `hand-off "${id}" does not exist in tenant "${tenant.id}" — list them with GET /api/v1/tenants/${tenant.id}/handoffs`,
          );
        if (result.status === 'released')
          throw new OrquestaError(
            'conflict',
            `hand-off "${id}" was released; the bot answers that conversation now`,
          );
        if (result.status === 'agent_full')
          throw new OrquestaError(
            'conflict',
            `agent "${agent.id}" already has ${agent.maxConcurrent} conversations (maxConcurrent) — release one or choose another agent`,
          );
        request.log.info({ tenant: tenant.id, handoffId: id, agentId: agent.id }, 'hand-off assigned');
        return toHandoffView(result.handoff);
      },
    );

    app.post(
      '/tenants/:tenant/conversations/:id/agent-messages',
      {
        schema: {
          tags: ['handoffs'],
          summary: "Send an agent's message to the customer, through the conversation's channel",
          description:
            'Queued in the outbox like a bot reply and delivered in order. The conversation must be assigned ' +
            'to this agent (409 otherwise: assign it first).',
          params: conversationParams,
          body: z.object({ agentId, text: z.string().trim().min(1).max(4096) }),
          response: { 202: z.object({ messageId: z.number().int() }), ...conflictResponses },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const agent = agentOf(tenant, request.body.agentId);
        const { id } = request.params;
        const result = await queueAgentMessage(db, {
          tenantId: tenant.id,
          conversationId: id,
          agentId: agent.id,
          text: request.body.text,
          now: orquesta.clock.now(),
        });
        if (result.status === 'not_found') throw notFound('conversation', id, tenant.id);
        if (result.status === 'not_handed_off')
          throw new OrquestaError(
            'conflict',
            `conversation "${id}" is answered by the bot, not handed off — nothing was sent`,
          );
        if (result.status === 'other_agent')
          throw new OrquestaError(
            'conflict',
            result.agentId
              ? `conversation "${id}" is assigned to agent "${result.agentId}" — reassign it with POST …/handoffs/{id}/assign first`
              : `conversation "${id}" waits in the queue — assign it to "${agent.id}" with POST …/handoffs/{id}/assign first`,
          );
        orquesta.pipeline.wake();
        return reply.code(202).send({ messageId: result.messageId });
      },
    );

    app.post(
      '/tenants/:tenant/conversations/:id/release',
      {
        schema: {
          tags: ['handoffs'],
          summary: 'Hand the conversation back to the bot',
          description:
            'Status bot, the open hand-off released, the escalation and counters cleared. 409 while a turn ' +
            'of the conversation is running; retry a moment later.',
          params: conversationParams,
          response: {
            200: z.object({ conversationId: z.string(), status: z.literal('bot') }),
            ...conflictResponses,
          },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        handoffSettings(tenant);
        const { id } = request.params;
        const result = await releaseConversation(db, tenant.id, id, orquesta.clock.now());
        if (result === 'not_found') throw notFound('conversation', id, tenant.id);
        if (result === 'busy')
          throw new OrquestaError(
            'conflict',
            `conversation "${id}" is answering a message right now — retry the release in a moment`,
          );
        request.log.info({ tenant: tenant.id, conversationId: id }, 'conversation released to the bot');
        return { conversationId: id, status: 'bot' as const };
      },
    );
  };
}
