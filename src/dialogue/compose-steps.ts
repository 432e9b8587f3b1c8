/**
 * The turn engine is a short chain of steps, each `(context, next) => Promise<void>`: a step either
 * handles the turn or passes it on by calling `next()`, at most once (a second call would run the rest
 * of the chain again, queueing its replies twice, so it is refused).
 */
export type Step<Context> = (context: Context, next: () => Promise<void>) => Promise<void>;

export function composeSteps<Context>(steps: Step<Context>[]): (context: Context) => Promise<void> {
  return (context) => {
    const run = async (index: number): Promise<void> => {
      const step = steps[index];
      if (!step) return;
      let called = false;
      await step(context, () => {
        if (called) return Promise.reject(new Error(`step ${index} called next() twice in one turn`));
        called = true;
        return run(index + 1);
      });
    };
    return run(0);
  };
}
