import { createLogger } from '../observability/logger.ts';
import { expandPattern } from '../stories/expand-pattern.ts';
import { formatReport, hasFailures } from '../stories/report.ts';
import { runStoryFiles } from '../stories/run-stories.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';

export interface TestOptions {
  config?: string;
  database?: string;
}

/** `orquesta test FILE…`: runs conversation stories, prints the pass/fail table, exit code 1 on a failure. */
export async function testCommand(patterns: string[], options: TestOptions): Promise<void> {
  const paths = patterns.flatMap(expandPattern);
  const config = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'error',
    destination: process.stderr as never,
  });
  const results = await runStoryFiles(paths, {
    config,
    logger,
    ...(options.database ? { databaseUrl: options.database } : {}),
  });
  process.stdout.write(formatReport(results));
  if (hasFailures(results)) process.exitCode = 1;
}
