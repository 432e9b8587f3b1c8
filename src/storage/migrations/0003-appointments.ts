import { sql, type Kysely } from 'kysely';

/**
 * Appointments, and the claims that make a double booking impossible on both engines: every appointment
 * that is not cancelled holds one `appointment_claims` row per 15-minute block of its professional's
 * time, under a primary key (tenant, professional, block). Two overlapping appointments of one
 * professional would need the same block, so the second insert fails with a unique violation — also when
 * both transactions run at once on PostgreSQL, where the second waits for the first and then fails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('professional_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'confirmed', 'cancelled')`),
    )
    .addColumn('reminder_sent_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('late_cancellation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('appointments_end_after_start', sql`end_at > start_at`)
    .execute();
  await db.schema
    .createIndex('appointments_tenant_start')
    .on('appointments')
    .columns(['tenant_id', 'start_at'])
    .execute();
  await db.schema
    .createIndex('appointments_contact_start')
    .on('appointments')
    .columns(['tenant_id', 'contact_id', 'start_at'])
    .execute();
  await db.schema
    .createIndex('appointments_professional_start')
    .on('appointments')
    .columns(['tenant_id', 'professional_id', 'start_at'])
    .execute();

  await db.schema
    .createTable('appointment_claims')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('professional_id', 'text', (c) => c.notNull())
    .addColumn('block_start', 'text', (c) => c.notNull())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('appointment_claims_pk', ['tenant_id', 'professional_id', 'block_start'])
    .execute();
  await db.schema
    .createIndex('appointment_claims_appointment')
    .on('appointment_claims')
    .column('appointment_id')
    .execute();
}
