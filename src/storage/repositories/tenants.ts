import type { Kysely } from 'kysely';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Database } from '../schema.ts';

/** Mirrors the configured tenants and connections into the database; the configuration file stays the source of truth. */
export async function syncTenants(
  db: Kysely<Database>,
  tenants: readonly TenantConfig[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const tenant of tenants) {
      const values = {
        name: tenant.name,
        locale: tenant.locale,
        timezone: tenant.timezone,
        currency: tenant.currency,
      };
      await trx
        .insertInto('tenants')
        .values({ id: tenant.id, ...values, created_at: at, updated_at: at })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...values, updated_at: at }))
        .execute();
      for (const connection of tenant.connections) {
        await trx
          .insertInto('connections')
          .values({ tenant_id: tenant.id, id: connection.id, channel: connection.channel, created_at: at })
          .onConflict((conflict) =>
            conflict.columns(['tenant_id', 'id']).doUpdateSet({ channel: connection.channel }),
          )
          .execute();
      }
    }
  });
}
