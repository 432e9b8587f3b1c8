/**
 * `${VAR}` and `${VAR:-default}` in configuration text, filled from the environment. A `${VAR}` with no
 * value and no default is reported, with its line, rather than left empty.
 */
import { randomBytes } from 'node:crypto';

export interface InterpolationProblem {
  variable: string;
  line: number;
}

export interface Interpolation {
  /** The text with each reference replaced by a placeholder that is a valid plain YAML scalar. */
  text: string;
  /** References with neither a value nor a default, in order. */
  problems: InterpolationProblem[];
  /**
   * A scalar of the parsed text with its placeholders turned back into values. A scalar that was
   * nothing but one unquoted reference (`debounceMs: ${DEBOUNCE}`) resolves as YAML resolves a plain
   * value (a number, true/false, null); anything else is text.
   */
  restore(scalar: string, plain: boolean): unknown;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Values go in after the YAML is parsed, not into its text, so a value containing `#`, `: `, quotes or
 * a leading `@` or `*` arrives intact instead of truncating its line or breaking the file. An empty
 * variable counts as unset; whole-line comments are left alone.
 */
export function interpolateEnv(text: string, env: Record<string, string | undefined>): Interpolation {
  const nonce = randomBytes(6).toString('hex');
  const values: string[] = [];
  const problems: InterpolationProblem[] = [];
  const lines = text.split('\n').map((line, index) =>
    line.trimStart().startsWith('#')
      ? line
      : line.replace(REFERENCE, (_match, variable: string, fallback: string | undefined) => {
          const value = env[variable];
          if (value === undefined || value === '') {
            if (fallback === undefined) problems.push({ variable, line: index + 1 });
            values.push(fallback ?? '');
          } else {
            values.push(value);
          }
          return `orquesta-env-${nonce}-${values.length - 1}-`;
        }),
  );
  const placeholder = new RegExp(`orquesta-env-${nonce}-(\\d+)-`, 'g');
  const whole = new RegExp(`^orquesta-env-${nonce}-(\\d+)-$`);
  return {
    text: lines.join('\n'),
    problems,
    restore(scalar, plain) {
      const alone = whole.exec(scalar);
      if (alone && plain) return resolvePlainScalar(values[Number(alone[1])] ?? '');
      return scalar.replace(placeholder, (_match, index: string) => values[Number(index)] ?? '');
    },
  };
}

/** YAML 1.2 core-schema resolution of a plain scalar: null, booleans and numbers; the rest is text. */
function resolvePlainScalar(value: string): unknown {
  if (/^(?:~|null|Null|NULL)$/.test(value)) return null;
  if (/^(?:true|True|TRUE)$/.test(value)) return true;
  if (/^(?:false|False|FALSE)$/.test(value)) return false;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(value)) return Number(value);
  return value;
}
