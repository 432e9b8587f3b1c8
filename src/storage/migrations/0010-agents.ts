import type { Kysely } from 'kysely';

/** Agents of the inbox (filled in with the dashboard). */
export async function up(_db: Kysely<unknown>): Promise<void> {}
