/**
 * Every tenant's knowledge base, loaded on first use from the folder its configuration names
 * (`business.knowledge`, relative to the configuration file) and kept, so that documents an admin adds
 * are searched by the same instance the conversations use.
 */
import { resolve } from 'node:path';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { createKnowledgeBase, loadKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';

export interface KnowledgeBases {
  /** The tenant's knowledge base; empty (documents may still be added) when it names no folder. */
  forTenant(tenant: TenantConfig): Promise<KnowledgeBase>;
  /** Forgets a tenant's base, so the next `forTenant` reads its folder again (after a configuration reload). */
  forget(tenantId: string): void;
}

export function createKnowledgeBases(options: { baseDir: string }): KnowledgeBases {
  const bases = new Map<string, Promise<KnowledgeBase>>();
  return {
    forTenant(tenant) {
      let base = bases.get(tenant.id);
      if (!base) {
        const folder = knowledgeFolderOf(tenant, options.baseDir);
        base = folder === null ? createKnowledgeBase() : loadKnowledgeBase(folder);
        bases.set(tenant.id, base);
        base.catch(() => bases.delete(tenant.id));
      }
      return base;
    },
    forget(tenantId) {
      bases.delete(tenantId);
    },
  };
}

/** The absolute folder of the tenant's knowledge documents, or null when it has none. */
export function knowledgeFolderOf(tenant: TenantConfig, baseDir: string): string | null {
  const folder = tenant.business.knowledge;
  if (folder === undefined) return null;
  if (typeof folder !== 'string' || folder.trim() === '') {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": business.knowledge must be a folder of .md files, relative to the configuration file, like "clinica/conocimiento"`,
    );
  }
  return resolve(baseDir, folder);
}
