/**
 * The appointments skill: books, lists, confirms, moves and cancels the customer's appointments from the
 * tenant's business data file (`business.data`), following its policies (see docs/skills/appointments.md).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { formatDateTime } from '../../dialogue/format.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import type { Skill, SkillDependencies, TurnContext } from '../skill.ts';
import { createBookingFlow } from './booking-flow.ts';
import { assertSameTimezone, loadBusinessData, type BusinessData } from './business-data.ts';
import { professionalName, serviceName, type AppointmentsRuntime } from './conversation-support.ts';
import { createOwnAppointmentFlows } from './own-appointments-flows.ts';
import { appointmentsTemplates } from './templates.ts';
import { createAppointmentTools } from './tools.ts';

export const APPOINTMENT_INTENTS = [
  'agendar_cita',
  'consultar_horarios',
  'consulta_estado',
  'confirmar_cita',
  'cancelar_cita',
  'reagendar_cita',
] as const;

const businessSchema = z.object({
  data: z
    .string({ error: 'is missing — set it to the business data file, e.g. clinica/negocio.yaml' })
    .min(1, 'is empty — set it to the business data file, e.g. clinica/negocio.yaml'),
});

/** The tenant's business data, checked; `invalid_config` names what is wrong and how to fix it. */
export function loadTenantBusinessData(tenant: TenantConfig, baseDir: string): BusinessData {
  const business = businessSchema.safeParse(tenant.business);
  if (!business.success) {
    const issue = business.error.issues[0]!;
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": business.${issue.path.join('.') || 'data'}: ${issue.message}`,
    );
  }
  const path = resolve(baseDir, business.data.data);
  const data = loadBusinessData(path);
  assertSameTimezone(data, tenant.timezone, path);
  return data;
}

export function createAppointmentsSkill(tenant: TenantConfig, dependencies: SkillDependencies): Skill {
  const runtime: AppointmentsRuntime = {
    data: loadTenantBusinessData(tenant, dependencies.baseDir),
    db: dependencies.db,
  };
  const booking = createBookingFlow(runtime);
  const own = createOwnAppointmentFlows(runtime);

  async function listMine(context: TurnContext): Promise<void> {
    const appointments = await own.upcoming(context);
    if (appointments.length === 0) {
      return context.say('appointments.none_upcoming', {}, [
        { id: 'agendar_cita', title: context.render('appointments.option_book') },
      ]);
    }
    const list = appointments
      .map((appointment) =>
        context.render('appointments.appointment_line', {
          service: serviceName(runtime.data, appointment.serviceId),
          professional: professionalName(runtime.data, appointment.professionalId),
          when: formatDateTime(appointment.start, context),
          status: context.render(`appointments.status_${appointment.status}`),
        }),
      )
      .join('\n');
    const pending = appointments.some((appointment) => appointment.status === 'pending');
    context.say('appointments.my_appointments', { list }, [
      ...(pending ? [{ id: 'confirmar_cita', title: context.render('appointments.button_confirm') }] : []),
      { id: 'reagendar_cita', title: context.render('appointments.button_reschedule') },
      { id: 'cancelar_cita', title: context.render('appointments.button_cancel') },
    ]);
  }

  return {
    name: 'appointments',
    intents: APPOINTMENT_INTENTS,
    templates: appointmentsTemplates,
    flows: [booking.flow, ...own.flows],
    tools: createAppointmentTools(runtime.data),
    mainOptions: [{ intent: 'agendar_cita', title: 'appointments.option_book' }],
    async handle(context) {
      switch (context.understanding.intent.name) {
        case 'consultar_horarios':
          return booking.start(context, { showTimes: true });
        case 'consulta_estado':
          return listMine(context);
        case 'confirmar_cita':
          return own.start(context, 'confirm');
        case 'cancelar_cita':
          return own.start(context, 'cancel');
        case 'reagendar_cita':
          return own.start(context, 'reschedule');
        default:
          return booking.start(context);
      }
    },
  };
}
