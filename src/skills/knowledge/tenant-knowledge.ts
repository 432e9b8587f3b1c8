/**
 * A tenant's knowledge as its conversations see it: the documents of its folder (`business.knowledge`)
 * with the documents stored through the admin API laid over them, indexed once and rebuilt whenever the
 * stored documents change. The database is the source of truth, so every process answers from the same
 * documents a moment after an admin changes them. With an embedding model the index is hybrid, its
 * passages' vectors kept in the database too (`passage-vectors.ts`).
 */
import type { Kysely } from 'kysely';
import { OrquestaError } from '../../core/errors.ts';
import type { Database } from '../../storage/schema.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { KnowledgeDocument } from './chunk-documents.ts';
import {
  checkKnowledgeDocument,
  createKnowledgeBase,
  readKnowledgeFolder,
  type KnowledgeBase,
} from './knowledge-base.ts';
import { knowledgeFolderOf } from './knowledge-bases.ts';
import { vectorsForChunks, type PassageEmbedder } from './passage-vectors.ts';
import { listStoredDocuments, storedDocumentVersions } from './stored-documents.ts';

export interface KnowledgeDocumentEntry {
  name: string;
  /** `folder`: a file of the folder; `stored`: added through the API (replacing a file of the same name, if any). */
  origin: 'folder' | 'stored';
  /** Whether a file of the folder has this name (replaced by the stored one when `origin` is `stored`). */
  inFolder: boolean;
  /** When it was stored; null for a folder file. */
  updatedAt: string | null;
  content: string;
}

export interface TenantKnowledge {
  /** The folder's documents, read and checked when the tenant knowledge was created. */
  readonly folderDocuments: readonly KnowledgeDocument[];
  /**
   * The knowledge base of the folder and the stored documents as they are now in the database. With an
   * embedder it is hybrid once every passage has its vector; until then (the provider failing) it is the
   * lexical one, and the next call tries again.
   */
  base(embedder?: PassageEmbedder): Promise<KnowledgeBase>;
  /** Every document, by name: the folder's, and the stored ones over them. */
  documents(): Promise<KnowledgeDocumentEntry[]>;
  /** The documents there would be with `document` stored too, indexed: checks it before it is stored. */
  baseWith(document: KnowledgeDocument): Promise<KnowledgeBase>;
}

/** Reads and checks the folder now (an `invalid_config` error on a problem); reads the database on use. */
export function createTenantKnowledge(
  tenant: TenantConfig,
  options: { db: Kysely<Database>; baseDir: string },
): TenantKnowledge {
  const folder = knowledgeFolderOf(tenant, options.baseDir);
  const folderDocuments = folder === null ? [] : readKnowledgeFolder(folder);
  let built: { version: string; base: Promise<KnowledgeBase> } | undefined;
  let hybrid: { version: string; base: Promise<KnowledgeBase | null> } | undefined;

  async function documents(): Promise<KnowledgeDocumentEntry[]> {
    const stored = await listStoredDocuments(options.db, tenant.id);
    const entries = new Map<string, KnowledgeDocumentEntry>();
    for (const document of folderDocuments) {
      entries.set(document.name, { ...document, origin: 'folder', inFolder: true, updatedAt: null });
    }
    for (const document of stored) {
      const inFolder = entries.has(document.name);
      entries.set(document.name, { ...document, origin: 'stored', inFolder });
    }
    return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async function build(): Promise<KnowledgeBase> {
    // A stored document that no longer passes the checks (they may tighten) is left out rather than
    // failing every question.
    const usable = (await documents()).flatMap(({ name, content }) => {
      try {
        return [checkKnowledgeDocument({ name, content })];
      } catch (error) {
        if (error instanceof OrquestaError) return [];
        throw error;
      }
    });
    return createKnowledgeBase(usable);
  }

  async function buildHybrid(
    lexical: KnowledgeBase,
    embedder: PassageEmbedder,
  ): Promise<KnowledgeBase | null> {
    const vectors = await vectorsForChunks({
      db: options.db,
      tenantId: tenant.id,
      chunks: lexical.index().chunks,
      embedder,
      now: new Date(),
    });
    return vectors ? createKnowledgeBase(lexical.documents(), { vectors }) : null;
  }

  return {
    folderDocuments,
    async base(embedder) {
      const versions = await storedDocumentVersions(options.db, tenant.id);
      const version = JSON.stringify(versions);
      if (built?.version !== version) {
        const base = build();
        built = { version, base };
        base.catch(() => {
          if (built?.base === base) built = undefined;
        });
      }
      const lexical = await built.base;
      if (!embedder) return lexical;

      const hybridVersion = `${version} ${embedder.model}`;
      if (hybrid?.version !== hybridVersion) {
        const base = buildHybrid(lexical, embedder);
        hybrid = { version: hybridVersion, base };
        // A build without every vector is not kept: the next turn asks the provider again.
        base.then(
          (result) => {
            if (result === null && hybrid?.base === base) hybrid = undefined;
          },
          () => {
            if (hybrid?.base === base) hybrid = undefined;
          },
        );
      }
      return (await hybrid.base) ?? lexical;
    },
    documents,
    async baseWith(document) {
      const others = (await documents()).filter((entry) => entry.name !== document.name);
      return createKnowledgeBase([
        ...others.map(({ name, content }) => ({ name, content })),
        checkKnowledgeDocument(document),
      ]);
    },
  };
}
