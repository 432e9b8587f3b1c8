/** The pass/fail table of a story run, then each failure with what was sent, expected and got. */
import { isAbsolute, relative } from 'node:path';
import type { StoryResult } from './story-result.ts';

export interface ReportOptions {
  /** File paths are shown relative to this folder (the working directory by default). */
  baseDir?: string;
}

export function formatReport(results: StoryResult[], options: ReportOptions = {}): string {
  const baseDir = options.baseDir ?? process.cwd();
  const rows = results.map((result) => [
    result.failure ? 'FAIL' : 'pass',
    shown(result.file, baseDir),
    result.tenant,
    result.story,
    result.failure ? `${result.failure.where} of ${result.steps}` : String(result.steps),
  ]);
  const header = ['result', 'file', 'tenant', 'story', 'steps'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ');
  const table = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];

  const failures = results.filter((result) => result.failure);
  const details = failures.map((result) => {
    const failure = result.failure!;
    return [
      `✗ ${shown(result.file, baseDir)} › ${result.story} — ${failure.where}`,
      ...(failure.sent ? [`    sent:     ${failure.sent}`] : []),
      ...failure.problems.map((problem) => `    problem:  ${problem}`),
      ...(failure.replies
        ? failure.replies.map(
            (reply, index) => `    ${index === 0 ? 'got:     ' : '         '} ${indent(reply)}`,
          )
        : []),
    ].join('\n');
  });
  const passed = results.length - failures.length;
  const summary = `${passed} passed, ${failures.length} failed, ${results.length} stories`;
  return [...table, '', ...(details.length > 0 ? [...details, ''] : []), summary].join('\n') + '\n';
}

export function hasFailures(results: StoryResult[]): boolean {
  return results.some((result) => result.failure !== undefined);
}

/** A path inside `baseDir` relative to it, any other as it is. */
function shown(path: string, baseDir: string): string {
  const inside = relative(baseDir, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** Keeps a multi-line reply under its label. */
function indent(text: string): string {
  return text.replace(/\n/g, '\n              ');
}
