/**
 * The clinic's business data file (`negocio.yaml`): its Spanish keys are validated here and given English
 * names, so the rest of the skill never reads the file's vocabulary.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { weeklyScheduleSchema, type WeeklySchedule } from '../../core/weekly-hours.ts';
import { isValidDate } from '../../nlu/entities/time/calendar.ts';

/** Claims, schedules and durations are kept on this grid so that the database's block claims are exact. */
export const BLOCK_MINUTES = 15;

export type { TimeRange, Weekday, WeeklySchedule } from '../../core/weekly-hours.ts';

export interface Service {
  id: string;
  name: string;
  durationMinutes: number;
  price: number;
  /** False: only a human books it (the bot hands the conversation over). */
  bookable: boolean;
  /** True: offered only after a valuation appointment. */
  requiresValuation: boolean;
}

export interface Professional {
  id: string;
  name: string;
  serviceIds: string[];
  schedule: WeeklySchedule;
}

export interface ServicePackage {
  id: string;
  name: string;
  serviceId: string;
  sessions: number;
  price: number;
  validityMonths: number;
}

export interface BookingPolicies {
  /** No booking starts sooner than this after "now". */
  minimumNoticeMinutes: number;
  /** Cancelling (or rescheduling) at least this long before the start is free. */
  freeCancellationHours: number;
  /** The reminder is due this long before the start. */
  reminderHoursBefore: number;
  /** True: a new appointment is `pending` until the customer confirms it; false: it is `confirmed` at once. */
  confirmationRequired: boolean;
  /** Distance between the start times offered; a multiple of 15 minutes. */
  slotStepMinutes: number;
  /** The service that counts as the valuation for services that require one. */
  valuationServiceId: string;
}

export interface BusinessData {
  name: string;
  /** The file's `zona_horaria`, if any; the tenant's configured time zone is the one used. */
  timezone: string | null;
  currency: string | null;
  /** Where the bot sends customers for what it cannot book. */
  advisorPhone: string | null;
  hours: WeeklySchedule;
  /** Closed dates, `YYYY-MM-DD` on the business's calendar. */
  holidays: Set<string>;
  services: Service[];
  professionals: Professional[];
  packages: ServicePackage[];
  policies: BookingPolicies;
}

/** Opening hours on the claim grid, so that bookings and the database's block claims line up. */
const scheduleSchema = weeklyScheduleSchema(BLOCK_MINUTES);

const id = z
  .union([z.string(), z.number()], { error: 'must be an id such as "limpieza-facial"' })
  .transform(String)
  .pipe(z.string().min(1, 'must not be empty — give it an id such as "limpieza-facial"'));
const name = z.string({ error: 'must be a name (text)' }).min(1, 'must not be empty — write the name');
const money = z.number({ error: 'must be a number, e.g. 120000' }).min(0, 'must not be negative');
const wholePositive = (example: string) =>
  z
    .number({ error: `must be a whole number, e.g. ${example}` })
    .int(`must be a whole number, e.g. ${example}`)
    .positive(`must be more than 0, e.g. ${example}`);
const flag = (defaultValue: boolean) => z.boolean({ error: 'must be true or false' }).default(defaultValue);

const serviceSchema = z.object({
  id,
  nombre: name,
  duracion_min: wholePositive('45').refine((minutes) => minutes % BLOCK_MINUTES === 0, {
    message: `must be a multiple of ${BLOCK_MINUTES} minutes (15, 30, 45, 60 …) — round it up`,
  }),
  precio: money.default(0),
  agendable: flag(true),
  requiere_valoracion: flag(false),
});

const professionalSchema = z.object({
  id,
  nombre: name,
  servicios: z.array(id, { error: 'must be a list of service ids, e.g. [valoracion, limpieza-facial]' }),
  horario: scheduleSchema,
});

const packageSchema = z.object({
  id,
  nombre: name,
  servicio: id,
  sesiones: wholePositive('6'),
  precio: money,
  vigencia_meses: wholePositive('12'),
});

const policiesSchema = z
  .object({
    anticipacion_minima_horas: z.number({ error: 'must be a number of hours, e.g. 2' }).min(0).default(2),
    cancelacion_sin_costo_horas: z.number({ error: 'must be a number of hours, e.g. 24' }).min(0).default(24),
    recordatorio_horas_antes: z
      .number({ error: 'must be a number of hours, e.g. 24' })
      .positive()
      .default(24),
    confirmacion_requerida: flag(true),
    intervalo_agenda_min: wholePositive('30')
      .refine((minutes) => minutes % BLOCK_MINUTES === 0, {
        message: `must be a multiple of ${BLOCK_MINUTES} minutes (15, 30, 60 …)`,
      })
      .default(30),
    servicio_valoracion: id.default('valoracion'),
  })
  .loose()
  .prefault({});

const holiday = z
  .string({ error: 'must be a date written "YYYY-MM-DD" in quotes, e.g. "2026-12-25"' })
  .refine(
    (text) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      return match !== null && isValidDate(Number(match[1]), Number(match[2]), Number(match[3]));
    },
    { message: 'is not a date — write it "YYYY-MM-DD", e.g. "2026-12-25"' },
  );

const businessFileSchema = z
  .object({
    nombre: name,
    zona_horaria: z.string().optional(),
    moneda: z.string().optional(),
    telefono_asesores: z.union([z.string(), z.number()]).transform(String).optional(),
    horario: scheduleSchema,
    festivos_cerrados: z
      .array(holiday, { error: 'must be a list of dates, e.g. ["2026-12-25"]' })
      .default([]),
    servicios: z
      .array(serviceSchema, { error: 'must be a list of services' })
      .min(1, 'is empty — list at least one service'),
    profesionales: z.array(professionalSchema, { error: 'must be a list of professionals' }).default([]),
    paquetes: z.array(packageSchema, { error: 'must be a list of packages' }).default([]),
    politicas: policiesSchema,
  })
  .loose()
  .superRefine((file, context) => {
    const serviceIds = new Set<string>();
    file.servicios.forEach((service, index) => {
      if (serviceIds.has(service.id)) {
        context.addIssue({
          code: 'custom',
          path: ['servicios', index, 'id'],
          message: `"${service.id}" is used twice — give each service its own id`,
        });
      }
      serviceIds.add(service.id);
    });
    const professionalIds = new Set<string>();
    file.profesionales.forEach((professional, index) => {
      if (professionalIds.has(professional.id)) {
        context.addIssue({
          code: 'custom',
          path: ['profesionales', index, 'id'],
          message: `"${professional.id}" is used twice — give each professional their own id`,
        });
      }
      professionalIds.add(professional.id);
      professional.servicios.forEach((serviceId, serviceIndex) => {
        if (!serviceIds.has(serviceId)) {
          context.addIssue({
            code: 'custom',
            path: ['profesionales', index, 'servicios', serviceIndex],
            message: `no service has the id "${serviceId}" — use one of: ${[...serviceIds].join(', ')}`,
          });
        }
      });
    });
    file.servicios.forEach((service, index) => {
      if (service.agendable && !file.profesionales.some((p) => p.servicios.includes(service.id))) {
        context.addIssue({
          code: 'custom',
          path: ['servicios', index],
          message: `no professional offers "${service.id}" — add it to a professional's servicios or set agendable: false`,
        });
      }
    });
    file.paquetes.forEach((item, index) => {
      if (!serviceIds.has(item.servicio)) {
        context.addIssue({
          code: 'custom',
          path: ['paquetes', index, 'servicio'],
          message: `no service has the id "${item.servicio}" — use one of: ${[...serviceIds].join(', ')}`,
        });
      }
    });
    const valuationId = file.politicas.servicio_valoracion;
    const valuation = file.servicios.find((service) => service.id === valuationId);
    if (file.servicios.some((service) => service.requiere_valoracion) && !valuation?.agendable) {
      context.addIssue({
        code: 'custom',
        path: ['politicas', 'servicio_valoracion'],
        message: valuation
          ? `the valuation service "${valuationId}" is not bookable — set agendable: true on it`
          : `no service has the id "${valuationId}", yet some services require a valuation — add that service or name yours in politicas.servicio_valoracion`,
      });
    }
  });

type BusinessFile = z.infer<typeof businessFileSchema>;

function toBusinessData(file: BusinessFile): BusinessData {
  const policies = file.politicas;
  return {
    name: file.nombre,
    timezone: file.zona_horaria ?? null,
    currency: file.moneda ?? null,
    advisorPhone: file.telefono_asesores ?? null,
    hours: file.horario,
    holidays: new Set(file.festivos_cerrados),
    services: file.servicios.map((service) => ({
      id: service.id,
      name: service.nombre,
      durationMinutes: service.duracion_min,
      price: service.precio,
      bookable: service.agendable,
      requiresValuation: service.requiere_valoracion,
    })),
    professionals: file.profesionales.map((professional) => ({
      id: professional.id,
      name: professional.nombre,
      serviceIds: professional.servicios,
      schedule: professional.horario,
    })),
    packages: file.paquetes.map((item) => ({
      id: item.id,
      name: item.nombre,
      serviceId: item.servicio,
      sessions: item.sesiones,
      price: item.precio,
      validityMonths: item.vigencia_meses,
    })),
    policies: {
      minimumNoticeMinutes: Math.round(policies.anticipacion_minima_horas * 60),
      freeCancellationHours: policies.cancelacion_sin_costo_horas,
      reminderHoursBefore: policies.recordatorio_horas_antes,
      confirmationRequired: policies.confirmacion_requerida,
      slotStepMinutes: policies.intervalo_agenda_min,
      valuationServiceId: policies.servicio_valoracion,
    },
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * Validates an already parsed business document. Throws an `invalid_config` error listing every problem
 * as `path: what is wrong — how to fix`, prefixed with `source` (the file name).
 */
export function parseBusinessData(document: unknown, source: string): BusinessData {
  const result = businessFileSchema.safeParse(document ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = formatPath(issue.path);
      return `${source}: ${where === '' ? '(file)' : where}: ${issue.message}`;
    });
    throw new OrquestaError('invalid_config', problems.join('\n'), { details: { problems } });
  }
  return toBusinessData(result.data);
}

/** Reads and validates a business data file (`negocio.yaml`). */
export function loadBusinessData(path: string): BusinessData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OrquestaError(
      'invalid_config',
      `${path}: cannot read the business data file — check business.data in orquesta.yaml`,
      {
        cause: error,
      },
    );
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new OrquestaError('invalid_config', `${path}: not valid YAML — ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseBusinessData(document, path);
}

/** Throws when the file names a time zone other than the tenant's, which would silently shift every hour. */
export function assertSameTimezone(data: BusinessData, tenantTimezone: string, source: string): void {
  if (data.timezone !== null && data.timezone !== tenantTimezone) {
    throw new OrquestaError(
      'invalid_config',
      `${source}: zona_horaria: "${data.timezone}" differs from the tenant's timezone "${tenantTimezone}" — make them equal or remove zona_horaria`,
    );
  }
}

export function findService(data: BusinessData, serviceId: string): Service | undefined {
  return data.services.find((service) => service.id === serviceId);
}

export function findProfessional(data: BusinessData, professionalId: string): Professional | undefined {
  return data.professionals.find((professional) => professional.id === professionalId);
}

/** The professionals who offer a service, in the file's order. */
export function professionalsFor(data: BusinessData, serviceId: string): Professional[] {
  return data.professionals.filter((professional) => professional.serviceIds.includes(serviceId));
}
