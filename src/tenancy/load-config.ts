import { readTextFile } from '../core/read-text-file.ts';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { OrquestaError } from '../core/errors.ts';
import { configSchema, type OrquestaConfig } from './config-schema.ts';
import { describeIssue } from './describe-issue.ts';
import { interpolateEnv } from './interpolate-env.ts';

export const DEFAULT_CONFIG_PATH = 'examples/demo/orquesta.yaml';

export interface LoadedConfig {
  config: OrquestaConfig;
  /** Absolute path of the file; relative paths inside it are resolved against its folder. */
  path: string;
  baseDir: string;
}

/**
 * Reads, interpolates and validates a configuration file, and checks that the files it names exist.
 * Every problem is reported at once, one per line, as `path: what is wrong — how to fix`, in an
 * `invalid_config` error whose details are those lines.
 */
export function loadConfig(
  path: string = DEFAULT_CONFIG_PATH,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const absolute = resolve(path);
  const source = readTextFile(
    absolute,
    'invalid_config',
    'the configuration file',
    'check the path given to --config or ORQUESTA_CONFIG',
  );
  const baseDir = dirname(absolute);
  return { config: parseConfigText(source, absolute, env, baseDir), path: absolute, baseDir };
}

/**
 * Validates configuration text. `where` names it in the error; with `baseDir`, the files it names
 * (`nlu.data`) must exist relative to that folder.
 */
export function parseConfigText(
  source: string,
  where: string,
  env: NodeJS.ProcessEnv = process.env,
  baseDir?: string,
): OrquestaConfig {
  const interpolated = interpolateEnv(source, env);
  const problems = interpolated.problems.map(
    (problem) =>
      `line ${problem.line}: environment variable ${problem.variable} is not set — set it, or write \${${problem.variable}:-default}`,
  );

  const lineCounter = new LineCounter();
  const document = parseDocument(interpolated.text, { prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.push(`line ${line}, column ${col}: ${firstSentence(error.message)} — fix the YAML syntax`);
    }
    throw invalidConfig(where, problems);
  }
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string')
        node.value = interpolated.restore(node.value, node.type === 'PLAIN');
    },
  });

  const raw = dropEmptyValues(document.toJS());
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    // Listed in the order of the file, so they read top to bottom next to it. A value left empty by a
    // missing variable is already reported by its line; it is said once.
    const emptied = new Set(interpolated.problems.map((problem) => problem.line));
    const located = result.error.issues
      .flatMap(describeIssue)
      .map((problem) => ({ ...problem, line: lineOf(document, lineCounter, problem.path) ?? 0 }))
      .filter(({ line }) => !emptied.has(line))
      .sort((a, b) => a.line - b.line);
    problems.push(...located.map(({ text }) => text));
  }
  if (baseDir) problems.push(...missingFiles(raw, baseDir));
  if (result.success && problems.length === 0) return result.data;
  throw invalidConfig(where, problems);
}

function invalidConfig(where: string, problems: string[]): OrquestaError {
  return new OrquestaError(
    'invalid_config',
    `invalid configuration in ${where}:\n  ${problems.join('\n  ')}`,
    {
      details: problems,
    },
  );
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/[.:]\s*$/, '');
}

/** An empty value counts as absent, so `key: ${OPTIONAL_TOKEN:-}` leaves an optional setting unset. */
function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyValues);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== '' && item !== null);
    return Object.fromEntries(entries.map(([key, item]) => [key, dropEmptyValues(item)]));
  }
  return value;
}

/** The line of the node at `path`, or of its nearest ancestor present in the file. */
function lineOf(document: Document, lineCounter: LineCounter, path: PropertyKey[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

/** Training data files named by tenants, which must exist relative to the configuration's folder. */
function missingFiles(raw: unknown, baseDir: string): string[] {
  const tenants = (raw as { tenants?: unknown } | undefined)?.tenants;
  if (!Array.isArray(tenants)) return [];
  return tenants.flatMap((tenant: unknown, index) => {
    const data = (tenant as { nlu?: { data?: unknown } } | undefined)?.nlu?.data;
    if (typeof data !== 'string' || existsSync(resolve(baseDir, data))) return [];
    return [
      `tenants[${index}].nlu.data: file ${resolve(baseDir, data)} does not exist — check the path; it is relative to the folder of the configuration file`,
    ];
  });
}
