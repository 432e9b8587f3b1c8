/**
 * The reminder scheduler's work: for each appointment whose reminder is due (`recordatorio_horas_antes`
 * before its start), ONE transaction marks the reminder sent and queues the message in the outbox of the
 * conversation it was booked in, so a reminder is queued exactly once even with several processes.
 */
import { queueOutboundText } from '../../storage/repositories/outbox.ts';
import type { Kysely } from 'kysely';
import { formatDateTime } from '../../dialogue/format.ts';
import { createTemplateRenderer } from '../../dialogue/templates.ts';
import type { Database } from '../../storage/schema.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Locale } from '../skill.ts';
import type { Appointment } from './appointment.ts';
import { listAppointmentsDueReminder, markReminderSent } from './appointments-repository.ts';
import type { BusinessData } from './business-data.ts';
import { loadTenantBusinessData } from './skill.ts';
import { professionalName, serviceName } from './conversation-support.ts';
import { appointmentsTemplates } from './templates.ts';

export interface ReminderRun {
  /** Reminders queued in the outbox. */
  queued: number;
  /** Due reminders with no conversation to send them in; marked so they are not retried every run. */
  skipped: number;
}

function localeOf(state: string, fallback: Locale): Locale {
  try {
    const locale = (JSON.parse(state) as { locale?: unknown }).locale;
    return locale === 'en' || locale === 'es' ? locale : fallback;
  } catch {
    return fallback;
  }
}

/** The conversation to remind in: the one the appointment was booked in, else the contact's latest. */
async function conversationFor(db: Kysely<Database>, appointment: Appointment) {
  const query = db
    .selectFrom('conversations')
    .select(['id', 'connection_id', 'state'])
    .where('tenant_id', '=', appointment.tenantId)
    .where('contact_id', '=', appointment.contactId);
  const booked = appointment.conversationId
    ? await query.where('id', '=', appointment.conversationId).executeTakeFirst()
    : undefined;
  return booked ?? (await query.orderBy('last_message_at', 'desc').executeTakeFirst());
}

/**
 * Queues the reminders due at `now` for one tenant. Call it periodically (every minute is plenty); a run
 * that overlaps another, here or in another process, queues nothing twice.
 */
export async function sendDueReminders(
  db: Kysely<Database>,
  tenant: TenantConfig,
  data: BusinessData,
  now: Date,
): Promise<ReminderRun> {
  const render = createTemplateRenderer(tenant, [{ templates: appointmentsTemplates }]);
  const due = await listAppointmentsDueReminder(db, tenant.id, {
    now,
    hoursBefore: data.policies.reminderHoursBefore,
  });
  const run: ReminderRun = { queued: 0, skipped: 0 };
  for (const appointment of due) {
    await db.transaction().execute(async (trx) => {
      if (!(await markReminderSent(trx, tenant.id, appointment.id, now))) return;
      const conversation = await conversationFor(trx, appointment);
      if (!conversation) {
        run.skipped += 1;
        return;
      }
      const locale = localeOf(conversation.state, tenant.locale as Locale);
      const format = { tenant, locale };
      const pending = appointment.status === 'pending' ? render(locale, 'appointments.reminder_pending') : '';
      const text = render(locale, 'appointments.reminder', {
        service: serviceName(data, appointment.serviceId),
        professional: professionalName(data, appointment.professionalId),
        business: tenant.name,
        when: formatDateTime(appointment.start, format),
        pending,
      });
      await queueOutboundText(trx, {
        tenantId: tenant.id,
        conversationId: conversation.id,
        contactId: appointment.contactId,
        connectionId: conversation.connection_id,
        text,
        now,
      });
      run.queued += 1;
    });
  }
  return run;
}

/**
 * One run over every tenant that books appointments, for the server to call each minute. A tenant's
 * failure is logged and does not stop the others.
 */
export function createReminderRun(
  tenants: readonly TenantConfig[],
  db: Kysely<Database>,
  baseDir: string,
  onError: (tenant: TenantConfig, error: unknown) => void,
): (now: Date) => Promise<void> {
  const booking = tenants
    .filter((tenant) => tenant.skills.includes('appointments'))
    .map((tenant) => ({ tenant, data: loadTenantBusinessData(tenant, baseDir) }));
  return async (now) => {
    for (const { tenant, data } of booking) {
      await sendDueReminders(db, tenant, data, now).catch((error: unknown) => onError(tenant, error));
    }
  };
}
