import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from './logger.ts';

const TEXT = 'quiero una cita para depilación láser el martes';
const PHONE = '+57 300 555 0199';

/** A logger writing to memory, and its lines parsed. */
function capture(options: Omit<LoggerOptions, 'destination'> = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ ...options, destination });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** One line with message text and phone numbers wherever the pipeline might put them. */
function logMessage(logger: ReturnType<typeof createLogger>): void {
  logger.info(
    {
      text: TEXT,
      from: PHONE,
      to: PHONE,
      phone: PHONE,
      email: 'ana@example.com',
      message: { text: TEXT, from: PHONE },
      turn: { outcome: { text: TEXT }, replies: [{ text: TEXT }] },
      replies: [{ text: TEXT }],
      req: { headers: { authorization: 'Bearer secret-token-123' } },
      tenant: 'clinica',
      turnId: 'turn_1',
    },
    'message received',
  );
}

describe('createLogger', () => {
  it('redacts message text, phone numbers and other personal data by default, wherever they sit', () => {
    const { logger, lines, records } = capture();
    logMessage(logger);
    logger.child({ from: PHONE }).info({ contactName: 'Ana Pérez', externalId: PHONE }, 'contact seen');

    expect(lines.join('')).not.toContain(TEXT);
    expect(lines.join('')).not.toContain(PHONE);
    expect(lines.join('')).not.toContain('ana@example.com');
    expect(lines.join('')).not.toContain('Ana Pérez');
    const [received, seen] = records();
    expect(received).toMatchObject({
      text: '[redacted]',
      from: '[redacted]',
      to: '[redacted]',
      phone: '[redacted]',
      message: { text: '[redacted]', from: '[redacted]' },
      turn: { outcome: { text: '[redacted]' }, replies: [{ text: '[redacted]' }] },
      replies: [{ text: '[redacted]' }],
      req: { headers: { authorization: '[redacted]' } },
      // What makes a line useful stays.
      tenant: 'clinica',
      turnId: 'turn_1',
      msg: 'message received',
    });
    expect(seen).toMatchObject({ from: '[redacted]', contactName: '[redacted]', externalId: '[redacted]' });
  });

  it('logs text and phone numbers as they are with sensitive: true, but never credentials', () => {
    const { logger, records } = capture({ sensitive: true });
    logMessage(logger);
    logger.info({ connection: { appSecret: 'app-secret-1', settings: { apiToken: 'tok-1' } } }, 'configured');

    const [received, configured] = records();
    expect(received).toMatchObject({
      text: TEXT,
      from: PHONE,
      phone: PHONE,
      message: { text: TEXT, from: PHONE },
      replies: [{ text: TEXT }],
      req: { headers: { authorization: '[redacted]' } },
    });
    expect(configured).toMatchObject({
      connection: { appSecret: '[redacted]', settings: { apiToken: '[redacted]' } },
    });
  });

  it('writes JSON lines at the level asked for, info by default', () => {
    const quiet = capture();
    quiet.logger.debug('hidden');
    quiet.logger.info('shown');
    expect(quiet.records().map((record) => [record.level, record.msg, record.name])).toEqual([
      [30, 'shown', 'orquesta'],
    ]);

    const verbose = capture({ level: 'debug' });
    verbose.logger.debug('shown');
    expect(verbose.records()).toHaveLength(1);
  });
});
