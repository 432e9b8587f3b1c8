import { describe, expect, it } from 'vitest';
import { appointmentListQuerySchema, toAppointmentFilters } from './appointments-api.ts';

describe('appointmentListQuerySchema', () => {
  it('turns a valid query into repository filters', () => {
    const query = appointmentListQuerySchema.parse({
      contactId: 'ct_ana',
      from: '2026-11-24T00:00:00-05:00',
      to: '2026-11-25T00:00:00-05:00',
      status: 'pending',
    });
    expect(toAppointmentFilters(query)).toEqual({
      contactId: 'ct_ana',
      from: new Date('2026-11-24T05:00:00.000Z'),
      to: new Date('2026-11-25T05:00:00.000Z'),
      status: 'pending',
    });
    expect(toAppointmentFilters(appointmentListQuerySchema.parse({}))).toEqual({});
  });

  it('says what is wrong with each bad parameter', () => {
    const result = appointmentListQuerySchema.safeParse({ from: '24/11/2026', status: 'done' });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual([
      'from: must be an ISO date-time with an offset, e.g. 2026-11-24T00:00:00-05:00',
      'status: must be one of: pending, confirmed, cancelled',
    ]);
    const swapped = appointmentListQuerySchema.safeParse({
      from: '2026-11-25T00:00:00Z',
      to: '2026-11-24T00:00:00Z',
    });
    expect(swapped.error?.issues[0]?.message).toBe('from must be before to — swap them');
  });
});
