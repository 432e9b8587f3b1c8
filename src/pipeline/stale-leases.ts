import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/**
 * Lease owners are named `host:pid:suffix`. On start, a process frees the leases of processes on its own
 * host that no longer exist, so a restart after a crash resumes at once instead of after the lease's
 * expiry. A lease whose process might still be alive (another host, or a pid in use) is left to expire.
 */
export async function releaseLeasesOfDeadProcesses(db: Kysely<Database>, host: string): Promise<number> {
  const owners = await db
    .selectFrom('conversations')
    .select('lease_owner')
    .distinct()
    .where('lease_owner', 'like', `${host}:%`)
    .execute();
  const dead = owners
    .map((row) => row.lease_owner)
    .filter((owner): owner is string => owner !== null && !isAlive(Number(owner.split(':')[1])));
  if (dead.length === 0) return 0;
  const result = await db
    .updateTable('conversations')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('lease_owner', 'in', dead)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
