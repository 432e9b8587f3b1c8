import { readTextFile } from '../core/read-text-file.ts';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { OrquestaError } from '../core/errors.ts';
import { storyFileSchema, type Expectations, type Step } from './story-schema.ts';

/** A story with the file's defaults applied. */
export interface Story {
  name: string;
  tenant: string;
  /** The clock of its first step. */
  now: string;
  customerName?: string;
  steps: Step[];
  expect?: Expectations;
  expectAll?: Expectations;
}

export interface StoryFile {
  path: string;
  stories: Story[];
}

/**
 * Reads and validates a story file. Every problem is reported at once, one per line, as
 * `file:line: path: what is wrong — how to fix`, in an `invalid_request` error.
 */
export function loadStoryFile(path: string): StoryFile {
  const source = readTextFile(path, 'invalid_request', 'the story file', 'check the path');
  return parseStoryText(source, path);
}

/** Validates story text; `path` names it in errors. */
export function parseStoryText(source: string, path: string): StoryFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line } = lineCounter.linePos(error.pos[0]);
      return `${path}:${line}: ${error.message.split('\n')[0]} — fix the YAML syntax`;
    });
    throw invalidStories(path, problems);
  }
  const result = storyFileSchema.safeParse(document.toJS());
  if (!result.success) {
    const problems = result.error.issues.map((issue) => describe(issue, path, document, lineCounter));
    throw invalidStories(path, problems);
  }
  const file = result.data;
  return {
    path,
    stories: file.stories.map((story) => ({
      name: story.name,
      // The schema refuses a story without a tenant or a clock.
      tenant: (story.tenant ?? file.tenant)!,
      now: (story.now ?? file.now)!,
      ...(story.customerName ? { customerName: story.customerName } : {}),
      steps: story.steps,
      ...(story.expect ? { expect: story.expect } : {}),
      ...(story.expectAll ? { expectAll: story.expectAll } : {}),
    })),
  };
}

function describe(
  issue: z.core.$ZodIssue,
  path: string,
  document: Document,
  lineCounter: LineCounter,
): string {
  const where = issue.path.map(String).join('.') || '(top)';
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')} — check its spelling against docs/stories.md`
      : issue.message;
  return `${path}:${lineOf(issue.path, document, lineCounter)}: ${where}: ${message}`;
}

/** The line of the deepest node of `path` that exists in the file. */
function lineOf(path: PropertyKey[], document: Document, lineCounter: LineCounter): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

function invalidStories(path: string, problems: string[]): OrquestaError {
  return new OrquestaError('invalid_request', `${path} is not a valid story file:\n${problems.join('\n')}`, {
    details: problems,
  });
}
