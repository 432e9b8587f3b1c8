import { describe, expect, it } from 'vitest';
import { pipelineSettingsFromEnv, webhookLogDaysFromEnv } from './runtime-settings.ts';

describe('settings read from the environment', () => {
  it('reads the lease, the poll interval and the webhook log days', () => {
    const env = { ORQUESTA_LEASE_MS: '5000', ORQUESTA_POLL_MS: '100', ORQUESTA_WEBHOOK_LOG_DAYS: '14' };
    expect(pipelineSettingsFromEnv(env)).toEqual({ leaseMs: 5000, pollMs: 100 });
    expect(webhookLogDaysFromEnv(env)).toBe(14);
  });

  it('leaves unset or empty variables to the defaults', () => {
    expect(pipelineSettingsFromEnv({ ORQUESTA_LEASE_MS: '' })).toEqual({});
    expect(webhookLogDaysFromEnv({})).toBeUndefined();
  });

  it('refuses a value that is not a non-negative number, naming the variable', () => {
    expect(() => webhookLogDaysFromEnv({ ORQUESTA_WEBHOOK_LOG_DAYS: 'siete' })).toThrow(
      'ORQUESTA_WEBHOOK_LOG_DAYS must be a non-negative number, not "siete"',
    );
    expect(() => pipelineSettingsFromEnv({ ORQUESTA_POLL_MS: '-1' })).toThrow('ORQUESTA_POLL_MS');
  });
});
