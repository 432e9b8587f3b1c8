import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { ProfileField } from './profile-reading.ts';

const COLUMN = { name: 'name', email: 'email', phone: 'phone' } as const;

/** Writes one detail of the tenant's contact (`contacts.name`, `email` or `phone`). */
export async function updateContactDetail(
  trx: Transaction<Database>,
  tenantId: string,
  contactId: string,
  field: ProfileField,
  value: string,
): Promise<void> {
  const result = await trx
    .updateTable('contacts')
    .set({ [COLUMN[field]]: value })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new Error(`contact "${contactId}" of tenant "${tenantId}" was not found to update its ${field}`);
}
