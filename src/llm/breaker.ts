/**
 * A circuit breaker, so that a provider outage costs one timeout rather than one per message: after
 * `failures` failures in a row the circuit opens and calls are refused at once; after `openMs` one probe is
 * let through (half-open); its success closes the circuit, its failure opens it again for `openMs`.
 */
import type { Clock } from '../core/clock.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. */
  failures: number;
  /** How long the circuit stays open before one probe. */
  openMs: number;
  clock: Clock;
  /** Told of every change of state (for the `orquesta_llm_circuit_open` gauge and a log line). */
  onChange?: (state: CircuitState) => void;
}

export interface CircuitBreaker {
  readonly state: CircuitState;
  /**
   * A permit for one call, or null when the circuit refuses it. The caller reports how the call ended
   * with exactly one of the permit's methods.
   */
  acquire(): CircuitPermit | null;
}

export interface CircuitPermit {
  /** Whether this call is the half-open circuit's one probe. */
  readonly probe: boolean;
  succeeded(): void;
  failed(): void;
  /** The call never reached the provider (e.g. it was skipped): frees the probe without a verdict. */
  released(): void;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  let state: CircuitState = 'closed';
  let failuresInARow = 0;
  let openedAt = 0;
  let probeInFlight = false;

  const moveTo = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onChange?.(next);
  };
  const open = () => {
    openedAt = options.clock.now().getTime();
    moveTo('open');
  };
  const permit = (probe: boolean): CircuitPermit => {
    let settled = false;
    const settle = (verdict: () => void) => {
      if (settled) return;
      settled = true;
      if (probe) probeInFlight = false;
      verdict();
    };
    return {
      probe,
      succeeded: () =>
        settle(() => {
          failuresInARow = 0;
          moveTo('closed');
        }),
      failed: () =>
        settle(() => {
          if (probe) return open();
          // A call that started before the circuit opened and fails after it did changes nothing.
          if (state !== 'closed') return;
          failuresInARow++;
          if (failuresInARow >= options.failures) open();
        }),
      released: () => settle(() => {}),
    };
  };

  return {
    get state() {
      return state;
    },
    acquire() {
      if (state === 'closed') return permit(false);
      if (state === 'open') {
        if (options.clock.now().getTime() - openedAt < options.openMs) return null;
        moveTo('half-open');
      }
      if (probeInFlight) return null;
      probeInFlight = true;
      return permit(true);
    },
  };
}
