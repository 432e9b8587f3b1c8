import { createDatabase, DEFAULT_DATABASE_URL } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';

export async function migrateCommand(options: { database?: string }): Promise<void> {
  const database = createDatabase(options.database ?? DEFAULT_DATABASE_URL);
  try {
    const { applied } = await migrateToLatest(database.db);
    process.stdout.write(
      applied.length === 0
        ? `${database.description}: already up to date\n`
        : applied.map((name) => `${database.description}: applied ${name}\n`).join(''),
    );
  } finally {
    await database.close();
  }
}
