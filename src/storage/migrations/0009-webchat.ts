import type { Kysely } from 'kysely';

/** Web chat visitors (filled in with the web chat channel). */
export async function up(_db: Kysely<unknown>): Promise<void> {}
