import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on databases, sockets and child processes rather than the CPU: more workers than
    // cores (vitest's default is cores − 1, one worker on a 2-core machine) finish the suite sooner.
    maxWorkers: 3,
  },
});
