/**
 * The collections tenants read from their own systems through HTTP actions, for one contact: the ISP's
 * `GET /api/v1/tenants/{tenant}/tickets?contactId=`. One route per collection name declared by any
 * tenant, registered at start; a tenant that does not declare that name gets 404.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import { HttpActionError } from '../../skills/http-actions/http-action-error.ts';
import { readCollection, tenantCollections } from '../../skills/http-actions/read-collection.ts';
import { requireTenant } from '../auth.ts';
import { errorBody, errorResponses, notFound, tenantParams } from './admin-schemas.ts';

const collectionQuery = z.object({
  contactId: z.string().min(1).max(100).describe('The contact whose items to list (its id in Orquesta).'),
});

const collectionItem = z
  .record(z.string(), z.unknown())
  .describe("An item as the business's API gives it, with the contact's id added as contactId.");

export function actionCollectionRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  const byTenant = new Map(
    [...orquesta.tenants.values()].map((tenant) => [tenant.id, tenantCollections(tenant)]),
  );
  const names = new Set([...byTenant.values()].flatMap((collections) => [...collections.keys()]));

  return async (app) => {
    for (const name of names) {
      const url = `/tenants/:tenant/${name}`;
      // hasRoute looks up the whole path, prefix included.
      if (app.hasRoute({ method: 'GET', url: `${app.prefix}${url}` })) {
        throw new OrquestaError(
          'invalid_config',
          `skillSettings.http-actions.collections.${name}: GET ${app.prefix}${url} is already a route of Orquesta — give the collection another name`,
        );
      }
      app.get(
        url,
        {
          schema: {
            tags: ['collections'],
            summary: `List a contact's ${name} from the business's own system`,
            description: `Calls the tenant's HTTP action declared as collection "${name}" with the contact's phone and lists what it answers.`,
            params: tenantParams,
            querystring: collectionQuery,
            response: {
              200: z.object({ [name]: z.array(collectionItem) }),
              ...errorResponses,
              502: errorBody,
            },
          },
        },
        async (request) => {
          const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
          const collection = byTenant.get(tenant.id)?.get(name);
          if (!collection) {
            throw new OrquestaError(
              'not_found',
              `tenant "${tenant.id}" has no collection "${name}" — declare it under skillSettings.http-actions.collections (docs/skills/http-actions.md)`,
            );
          }
          const { contactId } = request.query;
          const contact = await db
            .selectFrom('contacts')
            .select(['external_id', 'name'])
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', contactId)
            .executeTakeFirst();
          if (!contact) throw notFound('contact', contactId, tenant.id);
          try {
            const items = await readCollection(collection, tenant.id, {
              phone: contact.external_id,
              name: contact.name,
            });
            return { [name]: items.map((item) => ({ ...item, contactId })) };
          } catch (error) {
            if (!(error instanceof HttpActionError)) throw error;
            request.log.warn({ tenant: tenant.id, collection: name, kind: error.kind }, error.message);
            throw new OrquestaError(
              'bad_gateway',
              `tenant "${tenant.id}": the ${name} could not be read from the business's system — ${error.message}`,
              { cause: error },
            );
          }
        },
      );
    }
  };
}
