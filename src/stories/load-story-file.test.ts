import { describe, expect, it } from 'vitest';
import { isOrquestaError } from '../core/errors.ts';
import { parseStoryText } from './load-story-file.ts';

function problemsOf(yaml: string): string[] {
  try {
    parseStoryText(yaml, 'stories/x.yaml');
  } catch (error) {
    if (isOrquestaError(error) && error.code === 'invalid_request') return error.details as string[];
    throw error;
  }
  throw new Error('the story file was accepted');
}

describe('story files', () => {
  it("applies the file's tenant and clock to its stories and tells the kinds of step apart", () => {
    const file = parseStoryText(
      `
tenant: clinica
now: '2026-11-23T09:00:00-05:00'
stories:
  - name: one
    steps:
      - user: hola
        intent: saludo
        reply: Bella Piel
      - now: '2026-11-24T09:00:00-05:00'
      - button: ayuda
      - concurrent:
          - { as: ana, user: si }
          - { user: si }
        exactlyOneReply: [confirmada]
  - name: two
    tenant: isp
    now: '2026-12-01T08:00:00-05:00'
    steps: [{ user: hola }]
    expectAll:
      tickets: { count: 1 }
`,
      'x.yaml',
    );
    expect(file.stories.map((story) => [story.name, story.tenant, story.now])).toEqual([
      ['one', 'clinica', '2026-11-23T09:00:00-05:00'],
      ['two', 'isp', '2026-12-01T08:00:00-05:00'],
    ]);
    expect(file.stories[0]!.steps.map((step) => step.kind)).toEqual(['turn', 'clock', 'turn', 'concurrent']);
    expect(file.stories[1]!.expectAll).toEqual({ tickets: { count: 1 } });
  });

  it('reports every problem with its file, line and path', () => {
    expect(
      problemsOf(`tenant: clinica
now: '2026-11-23T09:00:00-05:00'
stories:
  - name: bad steps
    steps:
      - user: hola
        button: ayuda
      - usr: hola
        intent: saludo
      - now: mañana
      - concurrent:
          - { user: si }
          - { user: no }
    expect:
      appointments: 3
`),
    ).toEqual([
      'stories/x.yaml:6: stories.0.steps.0: a step needs exactly one of user: (a message) or button: (the id of an offered button)',
      'stories/x.yaml:8: stories.0.steps.1: unknown key "usr" — check its spelling against docs/stories.md',
      'stories/x.yaml:8: stories.0.steps.1: a step needs exactly one of user: (a message) or button: (the id of an offered button)',
      "stories/x.yaml:10: stories.0.steps.2.now: must be an ISO date-time with an offset, e.g. '2026-11-23T09:00:00-05:00' — quote it",
      'stories/x.yaml:11: stories.0.steps.3: each message of concurrent: must come from a different customer — give each its own as:',
      'stories/x.yaml:15: stories.0.expect.appointments: must be a list of items, e.g. [{ status: pending }], or { count: 1, items: [...] }',
    ]);
  });

  it('needs a tenant and a clock for every story, and names that differ', () => {
    expect(
      problemsOf(`stories:
  - name: same
    steps: [{ user: hola }]
  - name: same
    tenant: clinica
    now: '2026-11-23T09:00:00-05:00'
    steps: [{ user: hola }]
`),
    ).toEqual([
      'stories/x.yaml:2: stories.0: has no tenant — add tenant: to the file or to the story',
      "stories/x.yaml:2: stories.0: has no clock — add now: '2026-11-23T09:00:00-05:00' to the file or to the story",
      'stories/x.yaml:4: stories.1.name: "same" is the name of an earlier story — give each story its own name',
    ]);
  });

  it('refuses a silent step that also expects a reply, and YAML that does not parse', () => {
    expect(
      problemsOf(`tenant: clinica
now: '2026-11-23T09:00:00-05:00'
stories:
  - name: silent
    steps:
      - { user: hola, silent: true, reply: hola }
`),
    ).toEqual([
      'stories/x.yaml:6: stories.0.steps.0: silent: true asserts no reply — remove reply/buttons or silent',
    ]);
    expect(problemsOf('stories: [\n')).toEqual([
      expect.stringMatching(/^stories\/x\.yaml:2: .* — fix the YAML syntax$/),
    ]);
  });
});
