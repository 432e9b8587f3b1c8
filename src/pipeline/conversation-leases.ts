import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../storage/dialect.ts';
import type { Database } from '../storage/schema.ts';
import { iso, isoAfter } from './time.ts';

/**
 * Who may run a conversation's next turn. A process claims due conversations by writing its name and an
 * expiry on the row: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several processes share the work
 * without waiting on each other; on SQLite, whose writes are serialised, with the same conditional update.
 * An in-process keyed lock (`held`) keeps one process from running two turns of one conversation, and a
 * lease that expires lets another process resume the work of one that crashed.
 */
export interface ConversationLeases {
  readonly owner: string;
  claimDue(now: Date, limit: number): Promise<string[]>;
  renew(now: Date): Promise<void>;
  release(conversationId: string): void;
  /** The earliest future time a conversation becomes due, to sleep until then. */
  nextDueAt(now: Date): Promise<Date | null>;
  readonly held: ReadonlySet<string>;
}

export function createConversationLeases(
  db: Kysely<Database>,
  dialect: DialectName,
  owner: string,
  leaseMs: number,
): ConversationLeases {
  const held = new Set<string>();

  return {
    owner,
    held,
    async claimDue(now, limit) {
      if (limit <= 0) return [];
      // A conversation whose turn this process is still finishing (committed, not yet released) must not
      // be claimed again here: the claim would be dropped below and the lease left to expire unused.
      const running = [...held];
      const due = db
        .selectFrom('conversations')
        .select('id')
        .where('next_turn_at', '<=', iso(now))
        .where((where) =>
          where.or([where('lease_expires_at', 'is', null), where('lease_expires_at', '<', iso(now))]),
        )
        .$if(running.length > 0, (query) => query.where('id', 'not in', running))
        .orderBy('next_turn_at')
        .limit(limit);
      const rows = await db
        .updateTable('conversations')
        .set({ lease_owner: owner, lease_expires_at: isoAfter(now, leaseMs) })
        .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
        .where((where) =>
          where.or([where('lease_expires_at', 'is', null), where('lease_expires_at', '<', iso(now))]),
        )
        .returning('id')
        .execute();
      const claimed = rows.map((row) => row.id).filter((id) => !held.has(id));
      for (const id of claimed) held.add(id);
      return claimed;
    },
    async renew(now) {
      if (held.size === 0) return;
      await db
        .updateTable('conversations')
        .set({ lease_expires_at: isoAfter(now, leaseMs) })
        .where('id', 'in', [...held])
        .where('lease_owner', '=', owner)
        .execute();
    },
    release(conversationId) {
      held.delete(conversationId);
    },
    async nextDueAt(now) {
      const row = await db
        .selectFrom('conversations')
        .select(sql<string | null>`min(next_turn_at)`.as('due'))
        .where('next_turn_at', '>', iso(now))
        .executeTakeFirst();
      return row?.due ? new Date(row.due) : null;
    },
  };
}
