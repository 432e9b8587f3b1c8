/** A debug logger whose lines a test reads back. */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger.ts';

export function capturedLogger() {
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, logLines };
}
