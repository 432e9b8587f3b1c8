import type { StoryApiClient, TestTurnBody } from './api-client.ts';
import type { Story } from './load-story-file.ts';
import { checkItems } from './match-items.ts';
import type { StoryFailure, StoryResult } from './story-result.ts';
import type { Expectations, TurnStep } from './story-schema.ts';
import { missingPatterns, patternList, presentPatterns } from './text-patterns.ts';

/** One customer of a story: the unnamed one (`as:` left out) or one named by `as:`. */
interface Customer {
  from: string;
  contactId?: string;
  /** The buttons of the last turn's replies, which `button:` may tap. */
  buttons: { id: string; title: string }[];
}

interface TurnOutcome {
  problems: string[];
  replies?: string[];
  repliesText?: string;
}

/**
 * Runs one story: each customer is a new contact (`newCustomerPhone()` gives its `from`), each step is posted to the
 * test endpoint with the story's clock and checked; the first failing step ends the story. Then the
 * `expect:` collections are fetched for the story's customer, `expectAll:` for all its customers.
 */
export async function runStory(
  client: StoryApiClient,
  file: string,
  story: Story,
  newCustomerPhone: () => string,
): Promise<StoryResult> {
  const customers = new Map<string, Customer>();
  const customer = (name = ''): Customer => {
    let found = customers.get(name);
    if (!found) {
      found = { from: newCustomerPhone(), buttons: [] };
      customers.set(name, found);
    }
    return found;
  };
  let now = story.now;
  const result = (stepsRun: number, failure?: StoryFailure): StoryResult => ({
    file,
    story: story.name,
    tenant: story.tenant,
    steps: story.steps.length,
    stepsRun,
    ...(failure ? { failure } : {}),
  });

  const sendStep = async (step: TurnStep, clock: string): Promise<TurnOutcome> => {
    const who = customer(step.as);
    const message: Record<string, unknown> = { from: who.from, now: clock };
    if (!step.as && story.customerName) message.name = story.customerName;
    if (step.button !== undefined) {
      const button = who.buttons.find((candidate) => candidate.id === step.button);
      if (!button) {
        const offered = who.buttons.map((candidate) => `${candidate.id} ("${candidate.title}")`);
        return {
          problems: [
            `button "${step.button}" was not offered — offered: ${offered.join(', ') || 'no buttons'}`,
          ],
        };
      }
      Object.assign(message, { text: button.title, buttonId: button.id });
    } else {
      message.text = step.user;
    }
    const sent = await client.send(story.tenant, message);
    if (!sent.ok) return { problems: [sent.problem] };
    who.contactId = sent.body.contactId;
    who.buttons = sent.body.replies.flatMap((reply) => reply.buttons ?? []);
    return { ...checkTurn(step, sent.body), replies: describeReplies(sent.body) };
  };

  for (const [index, step] of story.steps.entries()) {
    const where = `step ${index + 1}`;
    if (step.kind === 'clock') {
      now = step.now;
      continue;
    }
    if (step.kind === 'turn') {
      if (step.now) now = step.now;
      const outcome = await sendStep(step, now);
      if (outcome.problems.length > 0)
        return result(index + 1, {
          where: step.as ? `${where} (${step.as})` : where,
          sent: describeSent(step),
          problems: outcome.problems,
          ...(outcome.replies ? { replies: outcome.replies } : {}),
        });
      continue;
    }
    const outcomes = await Promise.all(
      step.concurrent.map((message) => sendStep(message, message.now ?? now)),
    );
    const problems = outcomes.flatMap((outcome, position) =>
      outcome.problems.map((problem) => `${step.concurrent[position]!.as ?? 'customer'}: ${problem}`),
    );
    const wanted = patternList(step.exactlyOneReply);
    if (wanted.length > 0) {
      const matching = outcomes.filter(
        (outcome) =>
          outcome.repliesText !== undefined && missingPatterns(outcome.repliesText, wanted).length === 0,
      );
      if (matching.length !== 1)
        problems.push(`exactly one reply should contain ${JSON.stringify(wanted)}, ${matching.length} did`);
    }
    if (problems.length > 0)
      return result(index + 1, {
        where: `${where} (concurrent)`,
        sent: step.concurrent
          .map((message) => `${message.as ?? 'customer'} ${describeSent(message)}`)
          .join('; '),
        problems,
        replies: outcomes.flatMap((outcome, position) =>
          (outcome.replies ?? []).map((reply) => `${step.concurrent[position]!.as ?? 'customer'}: ${reply}`),
        ),
      });
  }

  const main = customers.get('');
  const checks: [string, Expectations | undefined, Customer[]][] = [
    ['expect', story.expect, main ? [main] : []],
    ['expectAll', story.expectAll, [...customers.values()]],
  ];
  for (const [label, expectations, whose] of checks) {
    for (const [key, expectation] of Object.entries(expectations ?? {})) {
      const where = `${label} ${key}`;
      const contactIds = whose.flatMap((who) => (who.contactId ? [who.contactId] : []));
      if (contactIds.length === 0)
        return result(story.steps.length, {
          where,
          problems: ['no customer of the story was answered — expect: checks the customer without as:'],
        });
      try {
        const items = (
          await Promise.all(contactIds.map((id) => client.collection(story.tenant, key, id)))
        ).flat();
        const problem = checkItems(items, expectation);
        if (problem)
          return result(story.steps.length, {
            where,
            problems: [problem],
            replies: items.map((item) => JSON.stringify(item)),
          });
      } catch (error) {
        return result(story.steps.length, { where, problems: [(error as Error).message] });
      }
    }
  }
  return result(story.steps.length);
}

/** The text a step's patterns are matched against: the replies and their buttons' titles. */
function repliesText(body: TestTurnBody): string {
  return body.replies
    .map((reply) => [reply.text, ...(reply.buttons ?? []).map((button) => button.title)].join('\n'))
    .join('\n');
}

function checkTurn(step: TurnStep, body: TestTurnBody): { problems: string[]; repliesText: string } {
  const problems: string[] = [];
  const text = repliesText(body);
  const { intent, confidence, skill } = body.turn;
  if (step.intent !== undefined && intent !== step.intent)
    problems.push(
      `intent: expected ${step.intent}, got ${intent ?? 'none'} (confidence ${confidence?.toFixed(2) ?? '–'})`,
    );
  if (step.skill !== undefined && skill !== step.skill)
    problems.push(`skill: expected ${step.skill}, got ${skill ?? 'none'}`);
  const missing = missingPatterns(text, patternList(step.reply));
  if (missing.length > 0) problems.push(`reply lacks ${missing.map((pattern) => `"${pattern}"`).join(', ')}`);
  const unwanted = presentPatterns(text, patternList(step.notReply));
  if (unwanted.length > 0)
    problems.push(`reply should not contain ${unwanted.map((pattern) => `"${pattern}"`).join(', ')}`);
  const offered = new Set(body.replies.flatMap((reply) => (reply.buttons ?? []).map((button) => button.id)));
  const absent = (step.buttons ?? []).filter((id) => !offered.has(id));
  if (absent.length > 0)
    problems.push(
      `buttons not offered: ${absent.join(', ')} (offered: ${[...offered].join(', ') || 'none'})`,
    );
  if (step.silent && body.replies.length > 0) problems.push('expected no reply');
  return { problems, repliesText: text };
}

function describeReplies(body: TestTurnBody): string[] {
  if (body.replies.length === 0) return [body.turn.handoff ? '(no reply: handed off)' : '(no reply)'];
  return body.replies.map((reply) => {
    const buttons = (reply.buttons ?? []).map((button) => `[${button.id}: ${button.title}]`).join(' ');
    return buttons ? `${reply.text} ${buttons}` : reply.text;
  });
}

function describeSent(step: TurnStep): string {
  return step.button !== undefined ? `button: ${step.button}` : `user: ${JSON.stringify(step.user)}`;
}
