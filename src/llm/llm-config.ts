/** The `llm:` section of a tenant: which OpenAI-compatible server to use, for what, and at what cost. */
import { z } from 'zod';
import { promptOverrideIssues } from './prompts.ts';

/** `${LLM_BASE_URL:-}` interpolates to "" when the variable is unset: that means "no LLM", not an error. */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const LLM_USES = ['rewrite', 'understand', 'knowledge', 'agent', 'media'] as const;
export type LlmUse = (typeof LLM_USES)[number];

const priceSchema = z
  .object({
    input: z.number().min(0).describe('Price of one million input (prompt) tokens.'),
    output: z.number().min(0).describe('Price of one million output (completion) tokens.'),
  })
  .strict();

export const llmSchema = z
  .object({
    baseUrl: z
      .preprocess(
        (value) => (value === '' ? undefined : value),
        z
          .url({
            protocol: /^https?$/,
            message: 'not an http(s) URL — write e.g. https://openrouter.ai/api/v1',
          })
          .optional(),
      )
      .describe(
        'Base URL of an OpenAI-compatible API (…/v1). Empty or absent: the tenant answers from templates only.',
      ),
    apiKey: optionalText.describe(
      'API key, from the environment: "${LLM_API_KEY}". Local servers need none.',
    ),
    model: z.string().min(1).default('gpt-4o-mini').describe('Chat model for every use.'),
    visionModel: optionalText.describe('Model that describes images; the chat model when absent.'),
    embeddingModel: optionalText.describe(
      'Embedding model (/embeddings); when set, knowledge search is hybrid (words + vectors).',
    ),
    transcriptionModel: optionalText.describe(
      'Speech-to-text model (/audio/transcriptions); when set, voice notes are transcribed.',
    ),
    temperature: z.coerce.number().min(0).max(2).default(0.2),
    maxTokens: count(1, 32_000).default(400).describe('Largest answer, in tokens.'),
    timeoutMs: count(100, 120_000).default(8000).describe('How long one call may take.'),
    maxRetries: count(0, 5).default(1).describe('Retries, with backoff, on 408, 429 and 5xx.'),
    turnBudgetMs: count(500, 120_000)
      .default(15_000)
      .describe("Time all of one turn's calls may take together; past it the template is sent."),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe("Extra headers, e.g. OpenRouter's { HTTP-Referer: https://…, X-Title: Mi negocio }."),
    breaker: z
      .object({
        failures: count(1, 100).default(3).describe('Failures in a row that open the circuit.'),
        openMs: count(1000, 3_600_000).default(30_000).describe('How long it stays open before one probe.'),
      })
      .strict()
      .default({ failures: 3, openMs: 30_000 }),
    dailyTokenBudget: count(1, 1_000_000_000)
      .optional()
      .describe('Tokens (in + out) a tenant may spend per day; after that the LLM is not called.'),
    prices: z
      .record(z.string(), priceSchema)
      .default({})
      .describe('Price per million tokens by model, for the cost in usage records.'),
    uses: z
      .object(
        Object.fromEntries(LLM_USES.map((use) => [use, z.boolean().default(true)])) as Record<
          LlmUse,
          z.ZodDefault<z.ZodBoolean>
        >,
      )
      .strict()
      .default({ rewrite: true, understand: true, knowledge: true, agent: true, media: true })
      .describe('What the LLM is used for; each is on by default when a base URL is set.'),
    agent: z
      .object({ maxSteps: count(1, 10).default(4).describe('Tool calls the agent may make in one turn.') })
      .strict()
      .default({ maxSteps: 4 }),
    persona: optionalText.describe(
      'Who the bot is and how it speaks, for every prompt (e.g. "cálida y breve").',
    ),
    prompts: z
      .record(z.string(), z.record(z.string(), z.string()))
      .default({})
      .superRefine((overrides, context) => {
        for (const issue of promptOverrideIssues(overrides)) context.addIssue({ code: 'custom', ...issue });
      })
      .describe(
        'Prompt overrides by locale then name (rewrite, understand, knowledge, agent, describe_image).',
      ),
  })
  .strict();

export type LlmConfig = z.infer<typeof llmSchema>;
