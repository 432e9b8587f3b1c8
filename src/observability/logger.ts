import pino, { type Logger } from 'pino';

export type { Logger };

/** Fields that may hold message bodies or personal data (phone numbers, names, emails). */
const SENSITIVE_FIELDS = [
  'text',
  'body',
  'from',
  'to',
  'phone',
  'email',
  'externalId',
  'contactName',
  'payload',
];

/** Fields that hold credentials: redacted even when sensitive logging is on. */
const SECRET_FIELDS = ['authorization', 'apiToken', 'appSecret', 'accessToken', 'password', 'secret'];

/**
 * Every place a field may sit in a log line: at the top, nested up to two levels (`message.text`,
 * `turn.outcome.text`) and inside arrays (`replies[0].text`, `turn.replies[0].text`).
 */
function everywhere(field: string): string[] {
  return [field, `*.${field}`, `*.*.${field}`, `*[*].${field}`, `*.*[*].${field}`];
}

export interface LoggerOptions {
  level?: string;
  /** Log message bodies and phone numbers as they are (ORQUESTA_LOG_SENSITIVE=1); off by default. */
  sensitive?: boolean;
  /** Where lines go; standard output by default. */
  destination?: pino.DestinationStream;
}

/** A JSON logger whose lines never carry message text, phone numbers or secrets unless asked to. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const fields = options.sensitive ? SECRET_FIELDS : [...SENSITIVE_FIELDS, ...SECRET_FIELDS];
  return pino(
    {
      name: 'orquesta',
      level: options.level ?? 'info',
      redact: { paths: fields.flatMap(everywhere), censor: '[redacted]' },
    },
    options.destination,
  );
}
