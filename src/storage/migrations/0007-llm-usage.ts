import type { Kysely } from 'kysely';

/** Language-model calls and their usage (filled in with the LLM layer). */
export async function up(_db: Kysely<unknown>): Promise<void> {}
