/**
 * Admin routes over a tenant's conversations: list them, read one's state and history, reset one, and
 * close the inactive ones.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import { findConversationHistory } from '../../storage/repositories/conversation-history.ts';
import {
  closeInactiveConversations,
  findConversationDetail,
  listConversations,
  resetConversation,
} from '../../storage/repositories/conversations.ts';
import { decodeCursor } from '../../storage/repositories/page-cursor.ts';
import { requireTenant } from '../auth.ts';
import {
  activeWithinHours,
  conversationParams,
  conversationStatus,
  errorBody,
  errorResponses,
  hoursBefore,
  isoTime,
  nextCursor,
  notFound,
  pageQuery,
  tenantParams,
} from './admin-schemas.ts';

const conversationItem = z.object({
  id: z.string(),
  contactId: z.string(),
  status: conversationStatus,
  turnCount: z.number().int(),
  lastMessageAt: isoTime,
  createdAt: isoTime,
  closedAt: isoTime.nullable().describe('Set when the conversation was closed; a closed one is not reused.'),
});

const conversationDetail = conversationItem.extend({
  connectionId: z.string(),
  state: z.record(z.string(), z.unknown()).describe('The dialogue state: active flow, slots, counters.'),
  messages: z.object({
    in: z.number().int(),
    out: z.number().int(),
    unprocessed: z.number().int().describe('Inbound messages no turn has answered yet.'),
  }),
  contact: z.object({
    id: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    externalId: z.string(),
    lastSeenAt: isoTime,
  }),
});

const historyResponse = z.object({
  conversationId: z.string(),
  messages: z.array(
    z.object({
      id: z.number().int(),
      direction: z.enum(['in', 'out']),
      kind: z.string(),
      text: z.string(),
      status: z.string(),
      buttons: z.array(z.object({ id: z.string(), title: z.string() })),
      turnId: z.string().nullable(),
      errorCode: z.string().nullable(),
      createdAt: isoTime,
      sentAt: isoTime.nullable(),
    }),
  ),
  turns: z.array(
    z.object({
      id: z.string(),
      intent: z.string().nullable(),
      confidence: z.number().nullable(),
      entities: z.array(z.unknown()),
      skill: z.string().nullable(),
      handoff: z.boolean(),
      outcome: z.string(),
      latencyMs: z.number(),
      createdAt: isoTime,
    }),
  ),
});

export function conversationRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  return async (app) => {
    app.get(
      '/tenants/:tenant/conversations',
      {
        schema: {
          tags: ['conversations'],
          summary: "List the tenant's conversations, most recently active first",
          params: tenantParams,
          querystring: z.object({ status: conversationStatus.optional(), activeWithinHours, ...pageQuery }),
          response: {
            200: z.object({ conversations: z.array(conversationItem), nextCursor }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const { status, limit, cursor } = request.query;
        const hours = request.query.activeWithinHours;
        const page = await listConversations(db, tenant.id, {
          limit,
          ...(status ? { status } : {}),
          ...(hours ? { activeSince: hoursBefore(orquesta.clock.now(), hours) } : {}),
          ...(cursor ? { cursor: decodeCursor(cursor) } : {}),
        });
        return { conversations: page.items, nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/tenants/:tenant/conversations/cleanup',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Close conversations inactive for longer than inactiveHours',
          description:
            'Closes open conversations whose last message is older than inactiveHours and that have no ' +
            "inbound message waiting for an answer. The contact's next message opens a new conversation.",
          params: tenantParams,
          body: z.object({
            inactiveHours: z
              .number()
              .positive()
              .max(24 * 366)
              .describe('Hours without messages after which a conversation is closed.'),
          }),
          response: {
            200: z.object({ closed: z.number().int(), inactiveSince: isoTime }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const now = orquesta.clock.now();
        const inactiveSince = hoursBefore(now, request.body.inactiveHours);
        const closed = await closeInactiveConversations(db, tenant.id, inactiveSince, now);
        request.log.info({ tenant: tenant.id, closed }, 'inactive conversations closed');
        return { closed, inactiveSince };
      },
    );

    app.get(
      '/tenants/:tenant/conversations/:id',
      {
        schema: {
          tags: ['conversations'],
          summary: "One conversation's state, counters and contact",
          params: conversationParams,
          response: { 200: conversationDetail, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const detail = await findConversationDetail(db, tenant.id, request.params.id);
        if (!detail) throw notFound('conversation', request.params.id, tenant.id);
        return detail;
      },
    );

    app.get(
      '/tenants/:tenant/conversations/:id/history',
      {
        schema: {
          tags: ['conversations'],
          summary: "One conversation's messages and turns, in order",
          params: conversationParams,
          response: { 200: historyResponse, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const history = await findConversationHistory(db, tenant.id, request.params.id);
        if (!history) throw notFound('conversation', request.params.id, tenant.id);
        return history;
      },
    );

    app.post(
      '/tenants/:tenant/conversations/:id/reset',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Reset a conversation: empty state, the bot answers again',
          description:
            'Sets the state to {} and the status to bot, and records a conversation-reset event. Messages ' +
            'are kept: inbound ones still waiting are answered from the clean state. 409 while a turn of ' +
            'the conversation is running; retry a moment later.',
          params: conversationParams,
          response: { 200: conversationDetail, 409: errorBody, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const { id } = request.params;
        const result = await resetConversation(db, tenant.id, id, orquesta.clock.now());
        if (result === 'busy') {
          throw new OrquestaError(
            'conflict',
            `conversation "${id}" is answering a message right now — retry the reset in a moment`,
          );
        }
        const detail = result === 'reset' ? await findConversationDetail(db, tenant.id, id) : undefined;
        if (!detail) throw notFound('conversation', id, tenant.id);
        request.log.info({ tenant: tenant.id, conversationId: id }, 'conversation reset');
        return detail;
      },
    );
  };
}
