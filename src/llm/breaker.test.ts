import { describe, expect, it } from 'vitest';
import { createManualClock } from '../core/clock.ts';
import { createCircuitBreaker, type CircuitState } from './breaker.ts';

function setup() {
  const clock = createManualClock('2026-03-02T12:00:00Z');
  const changes: CircuitState[] = [];
  const breaker = createCircuitBreaker({
    failures: 3,
    openMs: 30_000,
    clock,
    onChange: (state) => changes.push(state),
  });
  const fail = (times: number) => {
    for (let i = 0; i < times; i++) breaker.acquire()?.failed();
  };
  return { clock, breaker, changes, fail };
}

describe('circuit breaker', () => {
  it('stays closed below the failure threshold, and a success resets the count', () => {
    const { breaker, fail } = setup();
    fail(2);
    breaker.acquire()?.succeeded();
    fail(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.acquire()).not.toBeNull();
  });

  it('opens after the threshold of failures in a row and refuses calls while open', () => {
    const { breaker, clock, changes, fail } = setup();
    fail(3);
    expect(breaker.state).toBe('open');
    expect(changes).toEqual(['open']);
    clock.advance(29_999);
    expect(breaker.acquire()).toBeNull();
  });

  it('lets exactly one probe through after openMs, and closes when it succeeds', () => {
    const { breaker, clock, changes, fail } = setup();
    fail(3);
    clock.advance(30_000);
    const probe = breaker.acquire();
    expect(probe?.probe).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.acquire()).toBeNull();
    probe?.succeeded();
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    expect(breaker.acquire()?.probe).toBe(false);
  });

  it('opens again for another openMs when the probe fails', () => {
    const { breaker, clock, fail } = setup();
    fail(3);
    clock.advance(30_000);
    breaker.acquire()?.failed();
    expect(breaker.state).toBe('open');
    clock.advance(29_000);
    expect(breaker.acquire()).toBeNull();
    clock.advance(1_000);
    expect(breaker.acquire()?.probe).toBe(true);
  });

  it('frees the probe without a verdict when the call never went out', () => {
    const { breaker, clock, fail } = setup();
    fail(3);
    clock.advance(30_000);
    breaker.acquire()?.released();
    expect(breaker.state).toBe('half-open');
    expect(breaker.acquire()?.probe).toBe(true);
  });

  it('ignores late failures of calls that started before the circuit opened', () => {
    const { breaker, clock } = setup();
    const late = breaker.acquire();
    const early = [breaker.acquire(), breaker.acquire(), breaker.acquire()];
    for (const permit of early) permit?.failed();
    clock.advance(30_000);
    const probe = breaker.acquire();
    late?.failed();
    expect(breaker.state).toBe('half-open');
    probe?.succeeded();
    expect(breaker.state).toBe('closed');
  });
});
