import type { Logger } from '../observability/logger.ts';

/**
 * Runs `tick` again and again: right after a `wake()`, at the time `tick` says the next work is due, or
 * after `pollMs` at the latest (work written by another process is seen that way).
 */
export function createWakeLoop(
  name: string,
  tick: () => Promise<Date | null>,
  options: { pollMs: number; logger: Logger; now: () => Date },
) {
  let running = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let finished: Promise<void> = Promise.resolve();

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      let due: Date | null = null;
      try {
        due = await tick();
      } catch (error) {
        options.logger.error({ err: error, loop: name }, 'pipeline loop failed; retrying');
      }
      if (!running) break;
      if (woken) continue;
      const waitMs = due
        ? Math.min(options.pollMs, Math.max(0, due.getTime() - options.now().getTime()))
        : options.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      finished = run();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await finished;
    },
  };
}
