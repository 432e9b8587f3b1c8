import { describe, expect, it } from 'vitest';
import { composeSteps, type Step } from './compose-steps.ts';

interface Trace {
  log: string[];
}

/** A step that logs around calling the rest of the chain. */
const around =
  (name: string): Step<Trace> =>
  async (context, next) => {
    context.log.push(`${name}:before`);
    await next();
    context.log.push(`${name}:after`);
  };

describe('composeSteps', () => {
  it('runs the steps in order, each around the rest of the chain', async () => {
    const context: Trace = { log: [] };
    await composeSteps([around('a'), around('b'), around('c')])(context);
    expect(context.log).toEqual(['a:before', 'b:before', 'c:before', 'c:after', 'b:after', 'a:after']);
  });

  it('stops at a step that handles the turn without calling next', async () => {
    const context: Trace = { log: [] };
    const handle: Step<Trace> = async (trace) => {
      trace.log.push('handled');
    };
    await composeSteps([around('a'), handle, around('never')])(context);
    expect(context.log).toEqual(['a:before', 'handled', 'a:after']);
  });

  it('waits for asynchronous work of later steps before an earlier step resumes', async () => {
    const context: Trace = { log: [] };
    const slow: Step<Trace> = async (trace) => {
      await Promise.resolve();
      await new Promise<void>((resolve) => setImmediate(resolve));
      trace.log.push('slow done');
    };
    await composeSteps([around('a'), slow])(context);
    expect(context.log).toEqual(['a:before', 'slow done', 'a:after']);
  });

  it('resolves when the last step calls next, and with no steps at all', async () => {
    const context: Trace = { log: [] };
    await composeSteps([around('only')])(context);
    expect(context.log).toEqual(['only:before', 'only:after']);
    await expect(composeSteps<Trace>([])(context)).resolves.toBeUndefined();
  });

  it('passes one context object along the whole chain', async () => {
    const seen: Trace[] = [];
    const record: Step<Trace> = async (context, next) => {
      seen.push(context);
      await next();
    };
    const context: Trace = { log: [] };
    await composeSteps([record, record])(context);
    expect(seen).toEqual([context, context]);
    expect(seen[0]).toBe(context);
  });

  it('rejects with the error of a failing step, and earlier steps may catch it', async () => {
    const failing: Step<Trace> = async () => {
      throw new Error('skill exploded');
    };
    await expect(composeSteps([around('a'), failing])({ log: [] })).rejects.toThrow('skill exploded');

    const boundary: Step<Trace> = async (context, next) => {
      try {
        await next();
      } catch (error) {
        context.log.push(`caught ${(error as Error).message}`);
      }
    };
    const context: Trace = { log: [] };
    await composeSteps([boundary, failing])(context);
    expect(context.log).toEqual(['caught skill exploded']);
  });

  it('refuses a second call of next from one step instead of running the rest twice', async () => {
    const context: Trace = { log: [] };
    const twice: Step<Trace> = async (_context, next) => {
      await next();
      await next();
    };
    const leaf: Step<Trace> = async (trace) => {
      trace.log.push('leaf');
    };
    await expect(composeSteps([twice, leaf])(context)).rejects.toThrow(
      'step 0 called next() twice in one turn',
    );
    expect(context.log).toEqual(['leaf']);
  });

  it('can be run again with a fresh context', async () => {
    const run = composeSteps([around('a')]);
    const first: Trace = { log: [] };
    const second: Trace = { log: [] };
    await run(first);
    await run(second);
    expect(first.log).toEqual(['a:before', 'a:after']);
    expect(second.log).toEqual(['a:before', 'a:after']);
  });
});
