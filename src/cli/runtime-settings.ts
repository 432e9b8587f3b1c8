import type { OrquestaOptions } from '../orquesta.ts';

/**
 * Pipeline settings read from the environment. `ORQUESTA_FAULT_DELAY_BEFORE_COMMIT_MS` holds every turn
 * between its decision and its commit; it exists to test crash recovery and does nothing unless set.
 */
export function pipelineSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): NonNullable<OrquestaOptions['pipeline']> {
  const number = (name: string) => nonNegativeNumber(env, name);
  const leaseMs = number('ORQUESTA_LEASE_MS');
  const pollMs = number('ORQUESTA_POLL_MS');
  const delay = number('ORQUESTA_FAULT_DELAY_BEFORE_COMMIT_MS');
  return {
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(pollMs !== undefined ? { pollMs } : {}),
    ...(delay ? { beforeCommit: () => new Promise<void>((resolve) => setTimeout(resolve, delay)) } : {}),
  };
}

/** Days the webhook log is kept (`ORQUESTA_WEBHOOK_LOG_DAYS`), when set. */
export function webhookLogDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return nonNegativeNumber(env, 'ORQUESTA_WEBHOOK_LOG_DAYS');
}

function nonNegativeNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative number, not "${value}"`);
  return parsed;
}
