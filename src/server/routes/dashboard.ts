/**
 * The agent inbox: its pages at `/dashboard/` (static files, chart.js from node_modules) and its JSON
 * routes under `/api/v1/agent/…`, which take an agent token and reach only the agent's tenant.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { createAgentDirectory, type AgentDirectory } from '../../dashboard/agent-directory.ts';
import { sendAgentTemplate, sendAgentText } from '../../dashboard/agent-replies.ts';
import { findInboxConversation, listInbox } from '../../dashboard/inbox.ts';
import { serviceWindow, windowTemplateOf } from '../../dashboard/service-window.ts';
import type { Orquesta } from '../../orquesta.ts';
import { isAgentWorking } from '../../skills/handoff/assign-agent.ts';
import {
  assignHandoff,
  findOpenHandoff,
  releaseConversation,
} from '../../skills/handoff/handoffs-repository.ts';
import { agentsSwitchedOff } from '../../storage/repositories/agents.ts';
import type { AgentTokenResolver } from '../auth.ts';
import { errorBody, errorResponses, isoTime } from './admin-schemas.ts';
import { agentRoutes } from './agents.ts';
import { analyticsRoutes } from './analytics.ts';

const PAGES = join(import.meta.dirname, '../../dashboard/public');
const CHART_JS = dirname(fileURLToPath(import.meta.resolve('chart.js')));

/**
 * Everything the agent inbox adds to the app: its pages (outside `/api/v1`), its API (the agent routes,
 * the agents' admin routes and analytics, inside `/api/v1`), and the lookup of agent tokens that the
 * `/api/v1` authenticator uses.
 */
export function dashboardRoutes(orquesta: Orquesta): {
  pages: FastifyPluginAsync;
  api: FastifyPluginAsyncZod;
  resolveAgentToken: AgentTokenResolver;
} {
  const directory = createAgentDirectory(orquesta.tenants, orquesta.database.db);
  return {
    pages: dashboardPages(),
    api: async (app) => {
      await app.register(agentInboxRoutes(orquesta, directory));
      await app.register(agentRoutes(orquesta, directory));
      await app.register(analyticsRoutes(orquesta));
    },
    resolveAgentToken: directory.resolveToken,
  };
}

/** `/dashboard/` and its assets; `/dashboard` redirects there. */
export function dashboardPages(): FastifyPluginAsync {
  return async (app) => {
    // The pages link their assets relatively, so they must be read from the folder's URL.
    app.get('/dashboard', { schema: { hide: true } }, (_request, reply) => reply.redirect('/dashboard/'));
    await app.register(fastifyStatic, {
      root: PAGES,
      prefix: '/dashboard/',
      decorateReply: false,
    });
    await app.register(fastifyStatic, {
      root: CHART_JS,
      prefix: '/dashboard/vendor/',
      decorateReply: false,
      allowedPath: (path) => path === '/chart.umd.js',
    });
  };
}

const conversationParams = z.object({ id: z.string().min(1).max(100) });
const conflictResponses = { ...errorResponses, 409: errorBody };

const windowSchema = z.object({
  applies: z.boolean().describe("Whether WhatsApp's 24-hour rule applies to the conversation's channel."),
  open: z.boolean().describe('Whether free text may be sent now.'),
  lastInboundAt: isoTime.nullable(),
  closesAt: isoTime.nullable(),
  template: z
    .string()
    .nullable()
    .describe('The template that may be sent outside the window; null when none.'),
});

const inboxItem = z.object({
  handoffId: z.string(),
  conversationId: z.string(),
  status: z.enum(['queued', 'assigned']),
  reason: z.string(),
  agentId: z.string().nullable(),
  createdAt: isoTime,
  assignedAt: isoTime.nullable(),
  channel: z.string(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() }),
  lastMessage: z
    .object({ direction: z.enum(['in', 'out']), text: z.string(), createdAt: isoTime })
    .nullable(),
});

const messageItem = z.object({
  id: z.number().int(),
  direction: z.enum(['in', 'out']),
  author: z.enum(['customer', 'bot', 'agent', 'system']),
  agentId: z.string().nullable(),
  text: z.string(),
  status: z.string(),
  createdAt: isoTime,
  turn: z
    .object({ intent: z.string().nullable(), skill: z.string().nullable(), outcome: z.string() })
    .nullable(),
});

const conversationView = z.object({
  id: z.string(),
  status: z.string(),
  channel: z.string(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() }),
  handoff: z
    .object({
      id: z.string(),
      status: z.string(),
      agentId: z.string().nullable(),
      reason: z.string(),
      createdAt: isoTime,
    })
    .nullable(),
  window: windowSchema,
  messages: z.array(messageItem),
});

/** The routes the inbox calls with the agent's token. */
export function agentInboxRoutes(orquesta: Orquesta, directory: AgentDirectory): FastifyPluginAsyncZod {
  const { db } = orquesta.database;

  function requireAgent(request: FastifyRequest) {
    const principal = request.principal;
    const tenant = principal?.kind === 'agent' ? orquesta.tenants.get(principal.tenantId) : undefined;
    if (principal?.kind !== 'agent' || !tenant)
      throw new OrquestaError(
        'forbidden',
        'the agent routes need an agent token — log in to /dashboard with the token of one of the tenant’s agents',
      );
    return { tenant, agent: directory.agent(tenant, principal.agentId) };
  }

  async function conversationOf(request: FastifyRequest, id: string) {
    const { tenant, agent } = requireAgent(request);
    const conversation = await findInboxConversation(db, tenant.id, id);
    if (!conversation)
      throw new OrquestaError('not_found', `conversation "${id}" does not exist in tenant "${tenant.id}"`);
    const channel = orquesta.channels.channelOf(tenant.id, conversation.connectionId);
    const window = serviceWindow(channel, conversation.lastInboundAt, orquesta.clock.now());
    const template = window.applies
      ? windowTemplateOf(channel, orquesta.channels.connection(tenant.id, conversation.connectionId))
      : null;
    return { tenant, agent, conversation, channel, window, template };
  }

  return async (app) => {
    app.get(
      '/agent/me',
      {
        schema: {
          tags: ['agent inbox'],
          summary: 'The calling agent, their tenant and their availability',
          response: {
            200: z.object({
              tenant: z.object({
                id: z.string(),
                name: z.string(),
                timezone: z.string(),
                locale: z.string(),
              }),
              agent: z.object({
                id: z.string(),
                name: z.string(),
                available: z.boolean(),
                working: z.boolean(),
              }),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { tenant, agent } = requireAgent(request);
        const available = !(await agentsSwitchedOff(db, tenant.id)).has(agent.id);
        return {
          tenant: { id: tenant.id, name: tenant.name, timezone: tenant.timezone, locale: tenant.locale },
          agent: {
            id: agent.id,
            name: agent.name,
            available,
            working: available && isAgentWorking(agent, orquesta.clock.now(), tenant.timezone),
          },
        };
      },
    );

    app.get(
      '/agent/inbox',
      {
        schema: {
          tags: ['agent inbox'],
          summary: 'Conversations waiting for a person, and those assigned to the calling agent',
          response: {
            200: z.object({ queue: z.array(inboxItem), mine: z.array(inboxItem) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { tenant, agent } = requireAgent(request);
        const items = (await listInbox(db, tenant.id, agent.id)).map(({ connectionId, ...item }) => ({
          ...item,
          channel: orquesta.channels.channelOf(tenant.id, connectionId),
        }));
        return {
          queue: items.filter((item) => item.status === 'queued'),
          mine: items.filter((item) => item.status === 'assigned'),
        };
      },
    );

    app.get(
      '/agent/conversations/:id',
      {
        schema: {
          tags: ['agent inbox'],
          summary: "One of the tenant's conversations: its history, hand-off and the 24-hour window",
          params: conversationParams,
          response: { 200: conversationView, ...errorResponses },
        },
      },
      async (request) => {
        const { conversation, channel, window, template } = await conversationOf(request, request.params.id);
        return {
          id: conversation.id,
          status: conversation.status,
          channel,
          contact: conversation.contact,
          handoff: conversation.handoff,
          window: { ...window, template: template?.label ?? null },
          messages: conversation.messages.map((message) => ({
            id: message.id,
            direction: message.direction,
            author: message.author,
            agentId: message.agentId,
            text: message.text,
            status: message.status,
            createdAt: message.createdAt,
            turn: message.turn,
          })),
        };
      },
    );

    app.post(
      '/agent/conversations/:id/messages',
      {
        schema: {
          tags: ['agent inbox'],
          summary: "Send the agent's text to the customer through the conversation's channel",
          description:
            'The conversation must be assigned to the calling agent. On WhatsApp, 409 with details.reason ' +
            '`window_closed` when the customer last wrote more than 24 hours ago: send the template instead.',
          params: conversationParams,
          body: z.object({ text: z.string().trim().min(1).max(4096) }),
          response: { 202: z.object({ messageId: z.number().int() }), ...conflictResponses },
        },
      },
      async (request, reply) => {
        const { tenant, agent, window } = await conversationOf(request, request.params.id);
        const messageId = await sendAgentText(db, {
          tenantId: tenant.id,
          conversationId: request.params.id,
          agentId: agent.id,
          text: request.body.text,
          now: orquesta.clock.now(),
          window,
        });
        orquesta.pipeline.wake();
        return reply.code(202).send({ messageId });
      },
    );

    app.post(
      '/agent/conversations/:id/template',
      {
        schema: {
          tags: ['agent inbox'],
          summary: "Send the connection's approved template (outside WhatsApp's 24-hour window only)",
          params: conversationParams,
          response: { 202: z.object({ messageId: z.number().int() }), ...conflictResponses },
        },
      },
      async (request, reply) => {
        const { tenant, agent, window, template } = await conversationOf(request, request.params.id);
        const messageId = await sendAgentTemplate(db, {
          tenantId: tenant.id,
          conversationId: request.params.id,
          agentId: agent.id,
          now: orquesta.clock.now(),
          window,
          template,
        });
        orquesta.pipeline.wake();
        return reply.code(202).send({ messageId });
      },
    );

    app.post(
      '/agent/conversations/:id/take',
      {
        schema: {
          tags: ['agent inbox'],
          summary: 'Assign a waiting conversation to the calling agent',
          description:
            '409 when it is not waiting for a person, another agent holds it, or the agent is full.',
          params: conversationParams,
          response: {
            200: z.object({ conversationId: z.string(), agentId: z.string() }),
            ...conflictResponses,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const { tenant, agent } = await conversationOf(request, id);
        const open = await findOpenHandoff(db, tenant.id, id);
        if (!open) throw notWaiting(id);
        if (open.status === 'assigned' && open.agent_id !== agent.id)
          throw new OrquestaError(
            'conflict',
            `conversation "${id}" is already assigned to agent "${open.agent_id}"`,
          );
        const result = await assignHandoff(db, tenant.id, open.id, agent, orquesta.clock.now());
        if (result.status === 'agent_full')
          throw new OrquestaError(
            'conflict',
            `you already hold ${agent.maxConcurrent} conversations (maxConcurrent) — release one first`,
          );
        if (result.status !== 'assigned') throw notWaiting(id);
        request.log.info({ tenant: tenant.id, conversationId: id, agentId: agent.id }, 'conversation taken');
        return { conversationId: id, agentId: agent.id };
      },
    );

    app.post(
      '/agent/conversations/:id/release',
      {
        schema: {
          tags: ['agent inbox'],
          summary: 'Hand the conversation back to the bot',
          description: 'Allowed for a waiting conversation or one assigned to the calling agent.',
          params: conversationParams,
          response: {
            200: z.object({ conversationId: z.string(), status: z.literal('bot') }),
            ...conflictResponses,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const { tenant, agent } = await conversationOf(request, id);
        const open = await findOpenHandoff(db, tenant.id, id);
        if (!open) throw notWaiting(id);
        if (open.status === 'assigned' && open.agent_id !== agent.id)
          throw new OrquestaError(
            'conflict',
            `conversation "${id}" is assigned to agent "${open.agent_id}", not to you`,
          );
        const result = await releaseConversation(db, tenant.id, id, orquesta.clock.now());
        if (result === 'not_found') throw notWaiting(id);
        if (result === 'busy')
          throw new OrquestaError(
            'conflict',
            `conversation "${id}" is answering a message right now — release it again in a moment`,
          );
        request.log.info(
          { tenant: tenant.id, conversationId: id, agentId: agent.id },
          'conversation released',
        );
        return { conversationId: id, status: 'bot' as const };
      },
    );
  };
}

function notWaiting(id: string): OrquestaError {
  return new OrquestaError(
    'conflict',
    `conversation "${id}" is not handed to a person (the bot answers it) — nothing changed`,
  );
}
