/**
 * Collections: an HTTP action exposed as a listing of the admin API (`GET /api/v1/tenants/{t}/<name>?contactId=`),
 * e.g. the ISP's tickets, which live in the business's own system. The action is read for one contact,
 * outside any conversation, so it must be a GET that needs nothing but the contact and the tenant.
 */
import { z } from 'zod';
import type { JsonValue } from '../../core/json.ts';
import { placeholdersInJson, placeholdersOf } from './render-template.ts';

/** What a collection's action may use: there is no conversation, no turn and no slot when it is read. */
export const COLLECTION_PLACEHOLDERS = ['contact.phone', 'contact.name', 'tenant.id'] as const;

export const collectionSchema = z
  .object({
    action: z
      .string()
      .min(1)
      .describe('The name of the GET action that lists the items for a contact, e.g. listar_tickets.'),
    items: z
      .string()
      .regex(
        /^[\w-]+(\.[\w-]+)*$/,
        'not a field path — write the field names separated by dots, e.g. tickets (leave it out when the answer is the list)',
      )
      .optional()
      .describe('Where the list is in the JSON answer, e.g. tickets; the whole answer when left out.'),
  })
  .strict();

export const collectionNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'not a collection name — use lowercase letters, digits and "-", e.g. tickets');

export type HttpActionCollection = z.output<typeof collectionSchema>;

/** The part of an action a collection depends on. */
interface CollectionAction {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  slots: Record<string, unknown>;
  body?: unknown;
}

/** Every reason the collections cannot be read as declared, with the path of the collection at fault. */
export function checkCollections(
  collections: Record<string, HttpActionCollection>,
  actions: readonly CollectionAction[],
  context: z.RefinementCtx,
): void {
  for (const [name, collection] of Object.entries(collections)) {
    const path = ['collections', name, 'action'];
    const action = actions.find((candidate) => candidate.name === collection.action);
    if (!action) {
      context.addIssue({
        code: 'custom',
        path,
        message: `no action is named "${collection.action}" — use one of: ${actions.map((candidate) => candidate.name).join(', ')}, or declare it under actions:`,
      });
      continue;
    }
    if (action.method !== 'GET') {
      context.addIssue({
        code: 'custom',
        path,
        message: `action "${action.name}" is a ${action.method}; a collection is only read — point it to a GET action`,
      });
    }
    if (Object.keys(action.slots).length > 0) {
      context.addIssue({
        code: 'custom',
        path,
        message: `action "${action.name}" has slots, which nothing fills when the collection is read — point it to an action without slots`,
      });
    }
    const used = [
      ...placeholdersOf(action.url),
      ...Object.values(action.headers).flatMap(placeholdersOf),
      ...(action.body === undefined ? [] : placeholdersInJson(action.body as JsonValue)),
    ];
    const outside = [...new Set(used)].filter(
      (placeholder) => !(COLLECTION_PLACEHOLDERS as readonly string[]).includes(placeholder),
    );
    if (outside.length > 0) {
      context.addIssue({
        code: 'custom',
        path,
        message: `action "${action.name}" uses ${outside.map((placeholder) => `{{${placeholder}}}`).join(', ')}, which a collection read outside a conversation does not have — use only ${COLLECTION_PLACEHOLDERS.map((placeholder) => `{{${placeholder}}}`).join(', ')}`,
      });
    }
  }
}
