import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assertSameTimezone, loadBusinessData, parseBusinessData } from './business-data.ts';
import { DEMO_BUSINESS_FILE, demoBusinessData } from './test-support.ts';

function demoDocument(): Record<string, unknown> {
  return parseYaml(readFileSync(DEMO_BUSINESS_FILE, 'utf8')) as Record<string, unknown>;
}

function problemsOf(document: unknown): string {
  try {
    parseBusinessData(document, 'negocio.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the document to be refused');
}

describe('loadBusinessData', () => {
  it('reads the demo clinic with English names', () => {
    const data = demoBusinessData();
    expect(data.name).toBe('Clínica Bella Piel');
    expect(data.timezone).toBe('America/Bogota');
    expect(data.advisorPhone).toBe('+573001112233');
    expect(data.hours[1]).toEqual([{ from: 8 * 60, to: 18 * 60 }]);
    expect(data.hours[6]).toEqual([{ from: 9 * 60, to: 13 * 60 }]);
    expect(data.hours[7]).toEqual([]);
    expect([...data.holidays]).toEqual(['2026-12-08', '2026-12-25', '2027-01-01', '2027-01-12']);
    expect(data.services.map((service) => service.id)).toEqual([
      'depilacion-laser',
      'limpieza-facial',
      'valoracion',
      'masaje-relajante',
      'peeling-quimico',
    ]);
    expect(data.services[0]).toEqual({
      id: 'depilacion-laser',
      name: 'Depilación láser',
      durationMinutes: 60,
      price: 180000,
      bookable: true,
      requiresValuation: true,
    });
    expect(data.services.find((service) => service.id === 'peeling-quimico')?.bookable).toBe(false);
    const laura = data.professionals.find((professional) => professional.id === 'laura');
    expect(laura?.schedule[3]).toEqual([{ from: 8 * 60, to: 16 * 60 }]);
    expect(laura?.schedule[6]).toEqual([]);
    expect(data.packages).toHaveLength(3);
    expect(data.policies).toEqual({
      minimumNoticeMinutes: 120,
      freeCancellationHours: 24,
      reminderHoursBefore: 24,
      confirmationRequired: true,
      slotStepMinutes: 30,
      valuationServiceId: 'valoracion',
    });
  });

  it('accepts several ranges a day, weekdays without accents, and fills policy defaults', () => {
    const document = demoDocument();
    document['horario'] = { lunes: '08:00-12:00, 14:00-18:00', miercoles: '08:00-12:00', sabado: 'Cerrado' };
    delete document['politicas'];
    const data = parseBusinessData(document, 'negocio.yaml');
    expect(data.hours[1]).toEqual([
      { from: 480, to: 720 },
      { from: 840, to: 1080 },
    ]);
    expect(data.hours[3]).toEqual([{ from: 480, to: 720 }]);
    expect(data.hours[2]).toEqual([]);
    expect(data.policies.minimumNoticeMinutes).toBe(120);
    expect(data.policies.slotStepMinutes).toBe(30);
  });

  it('names the place, the problem and the fix of every mistake at once', () => {
    const document = demoDocument();
    document['horario'] = { lunes: '8 a 6', funday: '08:00-10:00', martes: '08:10-18:00' };
    const services = document['servicios'] as Record<string, unknown>[];
    services[1]!['duracion_min'] = 40;
    services[2]!['precio'] = 'gratis';
    const message = problemsOf(document);
    expect(message).toContain('negocio.yaml: horario.lunes: "8 a 6" is not a range — write "08:00-18:00"');
    expect(message).toContain('negocio.yaml: horario.funday: "funday" is not a weekday — use lunes');
    expect(message).toContain('horario.martes: "08:10-18:00" is not on a multiple of 15 minutes');
    expect(message).toContain('negocio.yaml: servicios[1].duracion_min: must be a multiple of 15 minutes');
    expect(message).toContain('negocio.yaml: servicios[2].precio: must be a number, e.g. 120000');
  });

  it('checks references between services, professionals and packages once the fields are valid', () => {
    const document = demoDocument();
    const professionals = document['profesionales'] as Record<string, unknown>[];
    professionals[0]!['servicios'] = ['depilacion-laser', 'botox'];
    (document['paquetes'] as Record<string, unknown>[])[0]!['servicio'] = 'laser';
    (document['servicios'] as Record<string, unknown>[])[3]!['id'] = 'limpieza-facial';
    const message = problemsOf(document);
    expect(message).toContain(
      'negocio.yaml: profesionales[0].servicios[1]: no service has the id "botox" — use one of: depilacion-laser',
    );
    expect(message).toContain('negocio.yaml: paquetes[0].servicio: no service has the id "laser"');
    expect(message).toContain('negocio.yaml: servicios[3].id: "limpieza-facial" is used twice');
  });

  it('requires a bookable valuation service when a service requires a valuation', () => {
    const document = demoDocument();
    document['servicios'] = (document['servicios'] as { id: string }[]).filter((s) => s.id !== 'valoracion');
    document['profesionales'] = (document['profesionales'] as { servicios: string[] }[]).map((p) => ({
      ...p,
      servicios: p.servicios.filter((id) => id !== 'valoracion'),
    }));
    expect(problemsOf(document)).toContain(
      'politicas.servicio_valoracion: no service has the id "valoracion", yet some services require a valuation',
    );
  });

  it('refuses a bookable service that no professional offers', () => {
    const document = demoDocument();
    (document['servicios'] as unknown[]).push({ id: 'botox', nombre: 'Botox', duracion_min: 30, precio: 1 });
    expect(problemsOf(document)).toContain(
      'servicios[5]: no professional offers "botox" — add it to a professional\'s servicios or set agendable: false',
    );
  });

  it('refuses holidays that are not dates and a file without services', () => {
    expect(problemsOf({ ...demoDocument(), festivos_cerrados: ['2026-02-30'] })).toContain(
      'festivos_cerrados[0]: is not a date — write it "YYYY-MM-DD"',
    );
    expect(problemsOf({ nombre: 'X', horario: {} })).toContain('negocio.yaml: servicios:');
  });

  it('reports an unreadable or malformed file with its path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'orquesta-business-'));
    const broken = join(folder, 'negocio.yaml');
    writeFileSync(broken, 'nombre: [sin cerrar');
    expect(() => loadBusinessData(broken)).toThrow(`${broken}: not valid YAML`);
    expect(() => loadBusinessData(join(folder, 'missing.yaml'))).toThrow(
      /missing\.yaml: cannot read the business data file/,
    );
  });

  it('refuses a zona_horaria other than the tenant time zone', () => {
    const data = demoBusinessData();
    expect(() => assertSameTimezone(data, 'America/Bogota', 'negocio.yaml')).not.toThrow();
    expect(() => assertSameTimezone(data, 'America/Lima', 'negocio.yaml')).toThrow(
      'negocio.yaml: zona_horaria: "America/Bogota" differs from the tenant\'s timezone "America/Lima"',
    );
  });
});
