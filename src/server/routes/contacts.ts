/** Admin routes over a tenant's contacts: who wrote lately, and erasing one. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orquesta } from '../../orquesta.ts';
import { eraseContact, listContacts } from '../../storage/repositories/contacts.ts';
import { decodeCursor } from '../../storage/repositories/page-cursor.ts';
import { requireTenant } from '../auth.ts';
import {
  activeWithinHours,
  contactParams,
  conversationStatus,
  errorResponses,
  hoursBefore,
  isoTime,
  nextCursor,
  notFound,
  pageQuery,
  tenantParams,
} from './admin-schemas.ts';

const contactItem = z.object({
  id: z.string(),
  connectionId: z.string(),
  externalId: z.string().describe("The contact's address on its channel: phone digits, chat id, visitor id."),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: isoTime,
  lastSeenAt: isoTime,
  conversation: z
    .object({ id: z.string(), status: conversationStatus, lastMessageAt: isoTime })
    .nullable()
    .describe('The open conversation; null when there is none (the next message opens one).'),
});

const erasureResponse = z.object({
  contactId: z.string(),
  erased: z.object({
    conversations: z.number().int(),
    messages: z.number().int(),
    turns: z.number().int(),
  }),
  eventsAnonymized: z
    .number()
    .int()
    .describe('Audit events kept for the counts, now detached from the contact and its conversations.'),
});

export function contactRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  return async (app) => {
    app.get(
      '/tenants/:tenant/contacts',
      {
        schema: {
          tags: ['contacts'],
          summary: "List the tenant's contacts, most recently seen first",
          params: tenantParams,
          querystring: z.object({ activeWithinHours, ...pageQuery }),
          response: { 200: z.object({ contacts: z.array(contactItem), nextCursor }), ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const { limit, cursor } = request.query;
        const hours = request.query.activeWithinHours;
        const page = await listContacts(db, tenant.id, {
          limit,
          ...(hours ? { activeSince: hoursBefore(orquesta.clock.now(), hours) } : {}),
          ...(cursor ? { cursor: decodeCursor(cursor) } : {}),
        });
        return { contacts: page.items, nextCursor: page.nextCursor };
      },
    );

    app.delete(
      '/tenants/:tenant/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Erase a contact and its personal data',
          description:
            'Deletes the contact, its conversations, messages (queued replies included: they are never ' +
            'sent) and turns. Audit events that named it are kept without contact or conversation, so ' +
            'the summary still counts them. Records a contact-erased event. Cannot be undone.',
          params: contactParams,
          response: { 200: erasureResponse, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const { id } = request.params;
        const result = await eraseContact(db, tenant.id, id, orquesta.clock.now());
        if (!result) throw notFound('contact', id, tenant.id);
        request.log.info({ tenant: tenant.id, contactId: id, ...result }, 'contact erased');
        const { eventsAnonymized, ...erased } = result;
        return { contactId: id, erased, eventsAnonymized };
      },
    );
  };
}
