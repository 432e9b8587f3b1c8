import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from './appointment.ts';
import { cancellationTerms, decideBooking, initialStatus, valuationEnd } from './policies.ts';
import { bogota, demoBusinessData } from './test-support.ts';

const data = demoBusinessData();
const NOW = bogota('2026-11-23T09:00');

function valuation(status: AppointmentStatus, start: string) {
  const begin = bogota(start);
  return { serviceId: 'valoracion', status, start: begin, end: new Date(begin.getTime() + 30 * 60_000) };
}

describe('decideBooking', () => {
  it('books a service that needs no valuation', () => {
    expect(decideBooking(data, 'limpieza-facial', [], NOW)?.kind).toBe('bookable');
  });

  it('hands a non-bookable service to a human, even when it also requires a valuation', () => {
    expect(
      decideBooking(data, 'peeling-quimico', [valuation('confirmed', '2026-11-20T10:00')], NOW),
    ).toMatchObject({
      kind: 'handoff',
      service: { id: 'peeling-quimico' },
    });
  });

  it('offers the valuation first to a contact who never had one', () => {
    expect(decideBooking(data, 'depilacion-laser', [], NOW)).toMatchObject({
      kind: 'valuation_first',
      service: { id: 'depilacion-laser' },
      valuationService: { id: 'valoracion' },
    });
  });

  it('books the treatment after a confirmed past valuation or a booked one to come', () => {
    expect(
      decideBooking(data, 'depilacion-laser', [valuation('confirmed', '2026-11-20T10:00')], NOW),
    ).toMatchObject({
      kind: 'bookable',
      notBefore: bogota('2026-11-20T10:30'),
    });
    expect(
      decideBooking(data, 'depilacion-laser', [valuation('pending', '2026-11-25T10:00')], NOW),
    ).toMatchObject({
      kind: 'bookable',
      notBefore: bogota('2026-11-25T10:30'),
    });
  });

  it('does not count a cancelled valuation, nor a past one never confirmed', () => {
    for (const history of [
      [valuation('cancelled', '2026-11-25T10:00')],
      [valuation('pending', '2026-11-20T10:00')],
    ]) {
      expect(decideBooking(data, 'depilacion-laser', history, NOW)?.kind).toBe('valuation_first');
    }
  });

  it('is undefined for an unknown service', () => {
    expect(decideBooking(data, 'botox', [], NOW)).toBeUndefined();
  });
});

describe('valuationEnd', () => {
  it('is the end of the earliest qualifying valuation', () => {
    const history = [
      valuation('pending', '2026-11-27T10:00'),
      valuation('confirmed', '2026-11-25T08:00'),
      { ...valuation('confirmed', '2026-11-10T08:00'), serviceId: 'limpieza-facial' },
    ];
    expect(valuationEnd(history, 'valoracion', NOW)).toEqual(bogota('2026-11-25T08:30'));
  });
});

describe('initialStatus', () => {
  it('is pending while the business requires confirmation', () => {
    expect(initialStatus(data.policies)).toBe('pending');
    expect(initialStatus({ ...data.policies, confirmationRequired: false })).toBe('confirmed');
  });
});

describe('cancellationTerms', () => {
  const start = bogota('2026-11-25T10:00');

  it('is free until the window opens, then late, then started', () => {
    expect(cancellationTerms(24, start, bogota('2026-11-24T10:00'))).toEqual({
      free: true,
      freeUntil: bogota('2026-11-24T10:00'),
      started: false,
    });
    expect(cancellationTerms(24, start, bogota('2026-11-24T10:01'))).toMatchObject({
      free: false,
      started: false,
    });
    expect(cancellationTerms(24, start, start)).toMatchObject({ free: false, started: true });
  });
});
