/**
 * Every demo story file, run through the real pipeline on each database engine: one Orquesta per file and
 * engine, one test per file, the report of its failures as the error. Then the runner itself: that a
 * story which should fail does fail, with a readable report. The demo ISP's backend runs on loopback, as
 * `npm start` runs it, so the ISP's ticket stories reach a real API.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.ts';
import { parseStoryText } from '../src/stories/load-story-file.ts';
import { formatReport, hasFailures } from '../src/stories/report.ts';
import { openStoryRunner, runStoryFiles, type StoryRunner } from '../src/stories/run-stories.ts';
import { loadConfig } from '../src/tenancy/load-config.ts';
import { startIspBackend, type IspBackend } from '../examples/isp-backend/server.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.ts';
import { DEMO_CONFIG, DEMO_DIR } from './support/test-config.ts';

const STORIES_DIR = join(DEMO_DIR, 'stories');
const storyFiles = readdirSync(STORIES_DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const logger = createLogger({ level: 'error', destination: process.stderr as never });
const STORY_FILE_TIMEOUT_MS = 300_000;
const ISP_TOKEN = 'stories-isp-backend-token';

let ispBackend: IspBackend;
beforeAll(async () => {
  ispBackend = await startIspBackend({ port: 0, token: ISP_TOKEN, host: '127.0.0.1' });
});
afterAll(async () => {
  await ispBackend.close();
});
const demoConfig = () =>
  // Stories compare replies to templates: no language model, whatever the environment says.
  loadConfig(DEMO_CONFIG, {
    ...process.env,
    LLM_BASE_URL: '',
    ISP_BACKEND_URL: ispBackend.url,
    ISP_BACKEND_TOKEN: ISP_TOKEN,
  });

it('the demo ships story files', () => {
  expect(storyFiles).toEqual(expect.arrayContaining(['smalltalk.yaml', 'intents.yaml']));
});

describe.each(DIALECTS)('demo stories on %s', (dialect) => {
  it.each(storyFiles)(
    '%s',
    async (name) => {
      const database = await createTestDatabase(dialect);
      try {
        const results = await runStoryFiles([join(STORIES_DIR, name)], {
          config: demoConfig(),
          databaseUrl: database.url,
          logger,
        });
        expect(results.length).toBeGreaterThan(0);
        if (hasFailures(results)) throw new Error(`stories failed:\n${formatReport(results)}`);
      } finally {
        await database.drop();
      }
    },
    STORY_FILE_TIMEOUT_MS,
  );
});

describe.each(DIALECTS)('the story runner on %s', (dialect) => {
  let database: TestDatabase;
  let runner: StoryRunner;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    runner = await openStoryRunner({ config: demoConfig(), databaseUrl: database.url, logger });
  });
  afterAll(async () => {
    await runner.close();
    await database.drop();
  });

  const run = (yaml: string) => runner.run(parseStoryText(yaml, 'inline.yaml'));

  it('passes a story whose replies, intents, buttons and collections are as expected', async () => {
    const [result, ...others] = await run(`
tenant: clinica
now: '2026-11-23T09:00:00-05:00'
stories:
  - name: greets, taps a button and is listed
    customerName: Ana María
    steps:
      - user: holaaa
        intent: saludo
        reply: ['hola, ana', 'BELLA PIEL']
        notReply: 'no te entendí'
      - user: xkqz wvvb plmn
        reply: 'no te entendi'
        buttons: [ayuda]
      - button: ayuda
        intent: ayuda
        skill: smalltalk
    expect:
      conversations: [{ status: bot }]
`);
    expect(others).toEqual([]);
    expect(result).toMatchObject({ story: 'greets, taps a button and is listed', steps: 3, stepsRun: 3 });
    expect(result!.failure).toBeUndefined();
  });

  it('fails on the first step that differs, saying what was sent, expected and got', async () => {
    const [result] = await run(`
tenant: isp
now: '2026-11-23T09:00:00-05:00'
stories:
  - name: expects the wrong business
    steps:
      - user: hola
        intent: despedida
        reply: 'Bella Piel'
      - user: never sent
`);
    expect(result!.stepsRun).toBe(1);
    expect(result!.failure).toEqual({
      where: 'step 1',
      sent: 'user: "hola"',
      problems: [
        expect.stringMatching(/^intent: expected despedida, got saludo \(confidence \d\.\d\d\)$/),
        'reply lacks "Bella Piel"',
      ],
      replies: [expect.stringContaining('RedNova')],
    });
    const report = formatReport([result!]);
    expect(report).toContain('FAIL');
    expect(report).toContain('reply lacks "Bella Piel"');
    expect(report).toContain('0 passed, 1 failed, 1 stories');
  });

  it('fails a button that was not offered, a silence that was not kept, and an unmet expect', async () => {
    const results = await run(`
tenant: autos
now: '2026-11-23T09:00:00-06:00'
stories:
  - name: taps a button never shown
    steps:
      - user: hola
      - button: nope
  - name: expects silence
    steps:
      - user: hola
        silent: true
  - name: expects a conversation taken by a person
    steps:
      - user: hola
    expect:
      conversations: [{ status: human }]
  - name: expects a collection the API lacks
    steps:
      - user: hola
    expect:
      no-such-things: { count: 0 }
`);
    expect(results.map((result) => result.failure?.where)).toEqual([
      'step 2',
      'step 1',
      'expect conversations',
      'expect no-such-things',
    ]);
    expect(results[0]!.failure!.problems).toEqual(['button "nope" was not offered — offered: no buttons']);
    expect(results[1]!.failure!.problems).toEqual(['expected no reply']);
    expect(results[2]!.failure!.problems).toEqual(['expected items matching [{"status":"human"}]']);
    expect(results[3]!.failure!.problems).toEqual([expect.stringMatching(/no-such-things.* answered 404/)]);
  });

  it('sends concurrent messages from different customers and checks that exactly one reply matches', async () => {
    const results = await run(`
tenant: clinica
now: '2026-11-23T09:00:00-05:00'
stories:
  - name: one greets while another says goodbye
    steps:
      - concurrent:
          - { as: ana, user: hola, intent: saludo }
          - { as: beto, user: chao, intent: despedida }
        exactlyOneReply: 'gracias por escribirnos'
  - name: both say goodbye
    steps:
      - concurrent:
          - { as: ana, user: adios }
          - { as: beto, user: chao }
        exactlyOneReply: 'gracias por escribirnos'
`);
    expect(results[0]!.failure).toBeUndefined();
    expect(results[1]!.failure).toMatchObject({
      where: 'step 1 (concurrent)',
      problems: ['exactly one reply should contain ["gracias por escribirnos"], 2 did'],
    });
  });
});
