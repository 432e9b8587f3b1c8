/**
 * The admin API over conversations under `/api/v1/tenants/{tenant}/…`: contacts, conversations, their
 * history, reset, erasure, cleanup and the daily summary. Every route checks the bearer token may reach
 * the tenant; ids of another tenant are not found.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orquesta } from '../../orquesta.ts';
import { contactRoutes } from './contacts.ts';
import { conversationRoutes } from './conversations.ts';
import { summaryRoutes } from './summary.ts';

export function conversationAdminRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(conversationRoutes(orquesta));
    await app.register(contactRoutes(orquesta));
    await app.register(summaryRoutes(orquesta));
  };
}
