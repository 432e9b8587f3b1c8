import type { Kysely } from 'kysely';

/** Embedding vectors of knowledge chunks (filled in with hybrid knowledge search). */
export async function up(_db: Kysely<unknown>): Promise<void> {}
