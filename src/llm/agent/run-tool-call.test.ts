import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DIALECTS } from '../../../test/support/databases.ts';
import {
  bogota,
  demoBusinessData,
  openAppointmentsDatabase,
  type AppointmentsTestDatabase,
} from '../../skills/appointments/test-support.ts';
import { createAppointmentTools } from '../../skills/appointments/tools.ts';
import type { Tool, ToolContext } from '../../skills/tool.ts';
import { runToolCall } from './run-tool-call.ts';

const tools = new Map(createAppointmentTools(demoBusinessData()).map((tool) => [tool.name, tool]));
/** Friday 20 November 2026, 09:00 in Bogotá. */
const NOW = bogota('2026-11-20T09:00');

describe.each(DIALECTS)('runToolCall on %s', (dialect) => {
  let database: AppointmentsTestDatabase;
  /** Beto's appointment, booked through the tool as Beto. */
  let appointmentId: string;
  beforeAll(async () => {
    database = await openAppointmentsDatabase(dialect);
    const booked = await runToolCall(
      call('book_appointment', { serviceId: 'limpieza-facial', start: '2026-11-27T10:00:00.000-05:00' }),
      tools,
      contextOf('ct_beto'),
    );
    expect(booked.record).toEqual({ name: 'book_appointment', ok: true });
    appointmentId = (JSON.parse(booked.content) as { appointment: { id: string } }).appointment.id;
  });
  afterAll(() => database.close());

  const contextOf = (contactId: string): ToolContext => ({
    tenant: database.tenant,
    contactId,
    now: NOW,
    db: database.db,
  });
  const call = (name: string, args: string | Record<string, unknown>) => ({
    id: 'call_1',
    name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
  });

  it("reads the turn's contact only, whatever contact the arguments name", async () => {
    const asAna = await runToolCall(
      call('list_my_appointments', {
        contactId: 'ct_beto',
        contact_id: 'ct_beto',
        customerId: 'beto',
        tenantId: 'otro',
        includePast: true,
      }),
      tools,
      contextOf('ct_ana'),
    );
    expect(asAna).toEqual({
      content: '{"appointments":[]}',
      record: { name: 'list_my_appointments', ok: true },
    });
    const asBeto = await runToolCall(call('list_my_appointments', {}), tools, contextOf('ct_beto'));
    expect(asBeto.content).toContain(appointmentId);
  });

  it('answers JSON that is not an object, and arguments the schema refuses, with what to correct', async () => {
    const notJson = await runToolCall(
      call('find_free_slots', '{serviceId: masaje'),
      tools,
      contextOf('ct_ana'),
    );
    expect(notJson.record).toMatchObject({ name: 'find_free_slots', ok: false });
    expect(notJson.content).toBe('the arguments are not valid JSON — write them as one JSON object');

    const list = await runToolCall(call('find_free_slots', '["masaje"]'), tools, contextOf('ct_ana'));
    expect(list.content).toContain('must be one JSON object');

    const invalid = await runToolCall(
      call('find_free_slots', { serviceId: 'masaje-relajante', from: 'el viernes' }),
      tools,
      contextOf('ct_ana'),
    );
    expect(invalid.record.ok).toBe(false);
    expect(invalid.content).toContain('invalid arguments for find_free_slots');
    expect(invalid.content).toContain('from');
    expect(invalid.content).toContain('must be an ISO date-time with an offset');
    expect(invalid.content).toContain('Correct them and call it again.');
  });

  it('refuses a tool it was not given, naming the ones it was', async () => {
    const reading = new Map([...tools].filter(([, tool]) => !tool.mutates));
    const cancel = await runToolCall(
      call('cancel_appointment', { appointmentId }),
      reading,
      contextOf('ct_ana'),
    );
    expect(cancel.record).toMatchObject({ name: '(unknown)', ok: false, error: 'unknown_tool' });
    expect(cancel.content).toBe(
      'no tool named "cancel_appointment" — use one of: find_free_slots, list_my_appointments',
    );
  });

  it("passes a coded error's message to the model, and only the tool's name for any other", async () => {
    const unknownService = await runToolCall(
      call('find_free_slots', { serviceId: 'botox' }),
      tools,
      contextOf('ct_ana'),
    );
    expect(unknownService.record.ok).toBe(false);
    expect(unknownService.content).toMatch(/^error: serviceId: no service "botox" — use one of: /);

    const broken: Tool = {
      name: 'broken',
      description: 'Fails with an internal error.',
      input: z.object({}),
      execute: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 password=secret');
      },
    };
    const failed = await runToolCall(call('broken', ''), new Map([['broken', broken]]), contextOf('ct_ana'));
    expect(failed).toEqual({
      content: 'error: broken failed',
      record: { name: 'broken', ok: false, error: 'failed' },
    });
  });
});
