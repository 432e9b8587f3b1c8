/**
 * The format of conversation story files (`orquesta test FILE.yaml…`), documented in docs/stories.md.
 * A file names a tenant and a clock; each story is a fresh customer who sends the steps in order.
 */
import { z } from 'zod';

const isoDateTime = z.iso.datetime({
  offset: true,
  error: "must be an ISO date-time with an offset, e.g. '2026-11-23T09:00:00-05:00' — quote it",
});

const patterns = z.union(
  [z.string().min(1), z.array(z.string().min(1)).min(1, 'must list at least one text')],
  {
    error: "must be a text or a list of texts, e.g. reply: ['viernes', '10:00']",
  },
);

const contactName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'must be a short lowercase name such as ana or cliente-2');

/** One message from a customer, and what its turn must show. */
const turnStepSchema = z
  .strictObject({
    kind: z.literal('turn'),
    user: z.string().min(1, 'must not be empty — write what the customer says').optional(),
    button: z.string().min(1, 'must be the id of a button the bot offered').optional(),
    as: contactName.optional(),
    now: isoDateTime.optional(),
    intent: z.string().min(1).optional(),
    skill: z.string().min(1).optional(),
    reply: patterns.optional(),
    notReply: patterns.optional(),
    buttons: z.array(z.string().min(1)).min(1, 'must list at least one button id').optional(),
    silent: z.literal(true, { error: 'can only be true — leave it out otherwise' }).optional(),
  })
  .refine((step) => (step.user === undefined) !== (step.button === undefined), {
    error: 'a step needs exactly one of user: (a message) or button: (the id of an offered button)',
  })
  .refine((step) => !step.silent || (step.reply === undefined && step.buttons === undefined), {
    error: 'silent: true asserts no reply — remove reply/buttons or silent',
  });

/** `now:` alone moves the clock for the steps after it. */
const clockStepSchema = z.strictObject({ kind: z.literal('clock'), now: isoDateTime });

/** Several customers' messages posted at once; each is checked like a step. */
const concurrentStepSchema = z
  .strictObject({
    kind: z.literal('concurrent'),
    concurrent: z.array(turnStepSchema).min(2, 'needs at least two messages to send at once'),
    exactlyOneReply: patterns.optional(),
  })
  .refine(
    (step) => new Set(step.concurrent.map((message) => message.as ?? '')).size === step.concurrent.length,
    { error: 'each message of concurrent: must come from a different customer — give each its own as:' },
  );

/** The key tells a step's kind; it is added here so the error names the right fields. */
function tagStep(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const step = value as Record<string, unknown>;
  const tagged = (kind: string) => ({ ...step, kind });
  if ('concurrent' in step) {
    const messages = step.concurrent;
    return Array.isArray(messages)
      ? { ...tagged('concurrent'), concurrent: messages.map((message) => tagStepAs(message, 'turn')) }
      : tagged('concurrent');
  }
  if ('now' in step && Object.keys(step).length === 1) return tagged('clock');
  return tagged('turn');
}

function tagStepAs(value: unknown, kind: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, kind } : value;
}

const stepSchema = z.preprocess(
  tagStep,
  z.discriminatedUnion('kind', [turnStepSchema, clockStepSchema, concurrentStepSchema], {
    error: 'must be a step: { user: … } or { button: … }, { now: … }, or { concurrent: [...] }',
  }),
);

/** Items of an API collection, each partially matched, or a count with some items. */
const expectationSchema = z.union(
  [
    z.array(z.record(z.string(), z.unknown())),
    z.strictObject({
      count: z.int().nonnegative(),
      items: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  ],
  { error: 'must be a list of items, e.g. [{ status: pending }], or { count: 1, items: [...] }' },
);

const expectationsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be an API collection such as appointments or tickets'),
  expectationSchema,
);

const storySchema = z.strictObject({
  name: z.string().min(1, 'must not be empty — say what the story shows'),
  tenant: z.string().min(1).optional(),
  now: isoDateTime.optional(),
  customerName: z.string().min(1).max(120).optional(),
  steps: z.array(stepSchema).min(1, 'needs at least one step'),
  expect: expectationsSchema.optional(),
  expectAll: expectationsSchema.optional(),
});

export const storyFileSchema = z
  .strictObject({
    tenant: z.string().min(1).optional(),
    now: isoDateTime.optional(),
    stories: z.array(storySchema).min(1, 'needs at least one story'),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.stories.forEach((story, index) => {
      if (seen.has(story.name))
        context.addIssue({
          code: 'custom',
          path: ['stories', index, 'name'],
          message: `"${story.name}" is the name of an earlier story — give each story its own name`,
        });
      seen.add(story.name);
      if (!story.tenant && !file.tenant)
        context.addIssue({
          code: 'custom',
          path: ['stories', index],
          message: 'has no tenant — add tenant: to the file or to the story',
        });
      if (!story.now && !file.now)
        context.addIssue({
          code: 'custom',
          path: ['stories', index],
          message: "has no clock — add now: '2026-11-23T09:00:00-05:00' to the file or to the story",
        });
    });
  });

export type StoryFileInput = z.infer<typeof storyFileSchema>;
export type StoryInput = StoryFileInput['stories'][number];
export type Step = z.infer<typeof stepSchema>;
export type TurnStep = z.infer<typeof turnStepSchema>;
export type ConcurrentStep = z.infer<typeof concurrentStepSchema>;
export type Expectation = z.infer<typeof expectationSchema>;
export type Expectations = z.infer<typeof expectationsSchema>;
