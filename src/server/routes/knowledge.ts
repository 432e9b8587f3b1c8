/**
 * The admin API over a tenant's knowledge documents: list, read, add or replace (PUT) and delete, under
 * `/api/v1/tenants/{tenant}/knowledge/documents`. A document is checked and indexed before it is stored;
 * the conversations answer from it from their next turn, on every process (they re-index when the stored
 * documents change). Folder files can be replaced, not deleted: delete the file itself.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { Orquesta } from '../../orquesta.ts';
import { createTenantKnowledge, type TenantKnowledge } from '../../skills/knowledge/tenant-knowledge.ts';
import { deleteStoredDocument, storeDocument } from '../../skills/knowledge/stored-documents.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { requireTenant } from '../auth.ts';
import { errorBody, errorResponses, isoTime, tenantParams } from './admin-schemas.ts';

const KNOWLEDGE_SKILL = 'knowledge';

const documentParams = tenantParams.extend({ name: z.string().min(1).max(200) });

const documentSummary = z.object({
  name: z.string(),
  origin: z
    .enum(['folder', 'stored'])
    .describe('folder: a file of business.knowledge; stored: added through this API.'),
  inFolder: z.boolean().describe('Whether a folder file has this name (a stored document replaces it).'),
  updatedAt: isoTime.nullable().describe('When it was stored; null for a folder file.'),
  characters: z.number().int(),
});

const documentDetail = documentSummary.omit({ characters: true }).extend({ content: z.string() });

const putBody = z.object({
  content: z.string().describe('The markdown text: a "# Title", then sections under "## Headings".'),
});

const putResponse = z.object({
  name: z.string(),
  replaced: z.boolean().describe('Whether a document of that name (stored or in the folder) was replaced.'),
  passages: z.number().int().describe('How many passages the document was cut into.'),
  updatedAt: isoTime,
});

export function knowledgeRoutes(orquesta: Orquesta): FastifyPluginAsyncZod {
  const { db } = orquesta.database;
  const knowledgeByTenant = new Map<string, TenantKnowledge>();

  function knowledgeOf(tenant: TenantConfig): TenantKnowledge {
    if (!tenant.skills.includes(KNOWLEDGE_SKILL)) {
      throw new OrquestaError(
        'not_found',
        `tenant "${tenant.id}" does not use the knowledge skill — add ${KNOWLEDGE_SKILL} to its skills in orquesta.yaml`,
      );
    }
    let knowledge = knowledgeByTenant.get(tenant.id);
    if (!knowledge) {
      knowledge = createTenantKnowledge(tenant, { db, baseDir: orquesta.config.baseDir });
      knowledgeByTenant.set(tenant.id, knowledge);
    }
    return knowledge;
  }

  function noDocument(tenant: TenantConfig, name: string): OrquestaError {
    return new OrquestaError(
      'not_found',
      `knowledge document "${name}" does not exist in tenant "${tenant.id}" — list them with GET /api/v1/tenants/${tenant.id}/knowledge/documents`,
    );
  }

  return async (app) => {
    app.get(
      '/tenants/:tenant/knowledge/documents',
      {
        schema: {
          tags: ['knowledge'],
          summary: "List the tenant's knowledge documents: its folder's and those added through the API",
          params: tenantParams,
          response: { 200: z.object({ documents: z.array(documentSummary) }), ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const documents = await knowledgeOf(tenant).documents();
        return {
          documents: documents.map(({ content, ...document }) => ({
            ...document,
            characters: content.length,
          })),
        };
      },
    );

    app.get(
      '/tenants/:tenant/knowledge/documents/:name',
      {
        schema: {
          tags: ['knowledge'],
          summary: 'Read one knowledge document',
          params: documentParams,
          response: { 200: documentDetail, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const documents = await knowledgeOf(tenant).documents();
        const document = documents.find((candidate) => candidate.name === request.params.name);
        if (!document) throw noDocument(tenant, request.params.name);
        return document;
      },
    );

    app.put(
      '/tenants/:tenant/knowledge/documents/:name',
      {
        schema: {
          tags: ['knowledge'],
          summary: 'Add a knowledge document, or replace the one with that name, and re-index',
          description:
            'The name is a file name ending in .md (no folders). The document is checked and indexed before it is stored; a bad one changes nothing. Conversations answer from it from their next turn.',
          params: documentParams,
          body: putBody,
          response: { 200: putResponse, 201: putResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const knowledge = knowledgeOf(tenant);
        const document = { name: request.params.name, content: request.body.content };
        const base = await knowledge.baseWith(document);
        const passages = base.index().chunks.filter((chunk) => chunk.document === document.name).length;
        const existed = (await knowledge.documents()).some((entry) => entry.name === document.name);
        const stored = await storeDocument(db, tenant.id, document, orquesta.clock.now());
        const replaced = existed || stored.replaced;
        return reply
          .code(replaced ? 200 : 201)
          .send({ name: document.name, replaced, passages, updatedAt: stored.updatedAt });
      },
    );

    app.delete(
      '/tenants/:tenant/knowledge/documents/:name',
      {
        schema: {
          tags: ['knowledge'],
          summary: 'Delete a knowledge document added through the API, and re-index',
          description:
            "A stored document that replaced a folder file gives way to the file again. A folder file itself cannot be deleted here (409): remove it from the tenant's folder.",
          params: documentParams,
          response: {
            200: z.object({
              name: z.string(),
              deleted: z.literal(true),
              restoredFromFolder: z.boolean().describe('Whether the folder file of that name answers again.'),
            }),
            409: errorBody,
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const tenant = requireTenant(request, orquesta.tenants, request.params.tenant);
        const knowledge = knowledgeOf(tenant);
        const { name } = request.params;
        const inFolder = knowledge.folderDocuments.some((document) => document.name === name);
        if (await deleteStoredDocument(db, tenant.id, name)) {
          return { name, deleted: true as const, restoredFromFolder: inFolder };
        }
        if (inFolder) {
          throw new OrquestaError(
            'conflict',
            `knowledge document "${name}" of tenant "${tenant.id}" is a file of its folder (business.knowledge) — delete the file there, or PUT a new text to replace it`,
          );
        }
        throw noDocument(tenant, name);
      },
    );
  };
}
