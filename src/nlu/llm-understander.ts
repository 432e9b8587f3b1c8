/**
 * The understanding fallback: when the NLU names no intent, the language model picks one of the tenant's
 * intents (or "none") through structured output and quotes the entities it sees. Entity values are read
 * again by the tenant's own extractor, so they have the same shape as the NLU's (a `time` resolved
 * against the turn's clock, a lookup's canonical value) and flows fill their slots from them as usual.
 */
import { z } from 'zod';
import { parseJsonWith } from '../core/json.ts';
import type { HistoryMessage } from '../llm/grounded-rewrite.ts';
import type { ChatMessage, LlmCall, LlmClient } from '../llm/llm.ts';
import type { Locale } from '../skills/skill.ts';
import { foldText } from './entities/folded-text.ts';
import type { Entity, ParseResult, Understander } from './parse-result.ts';

/** An intent the model may choose, with a few words saying what it is for. */
export interface IntentChoice {
  name: string;
  description: string;
}

export interface LlmUnderstanderOptions {
  llm: LlmClient;
  /** The tenant's understander: its extractor reads the values the model quotes. */
  understander: Understander;
  /** The intents a skill answers. */
  intents: readonly IntentChoice[];
  /** The entities the tenant's flows read (`time`, `service`, …). */
  entities: readonly string[];
  /** The confidence given to the model's choice: the tenant's NLU threshold. */
  threshold: number;
}

export interface LlmUnderstandRequest {
  locale: Locale;
  /** The conversation before this turn, oldest first. */
  history: readonly HistoryMessage[];
  now: Date;
  timezone: string;
  call: LlmCall;
}

export interface LlmUnderstander {
  /** `parsed` with the model's intent and entities, or `parsed` itself when the model gives none. */
  understand(parsed: ParseResult, request: LlmUnderstandRequest): Promise<ParseResult>;
}

export const NO_INTENT = 'none';

const answerSchema = z.object({
  intent: z.string(),
  entities: z.array(z.unknown()).default([]),
});

const quotedEntitySchema = z.object({
  entity: z.string(),
  value: z.union([z.string(), z.number()]),
});

export function createLlmUnderstander(options: LlmUnderstanderOptions): LlmUnderstander {
  const { llm, understander, threshold } = options;
  const intents = new Set(options.intents.map((intent) => intent.name));
  const entityNames = new Set(options.entities);
  const intentList = options.intents.map((intent) => `- ${intent.name}: ${intent.description}`).join('\n');
  const jsonSchema = { name: 'understanding', schema: answerJsonSchema(options) };

  return {
    async understand(parsed, request) {
      if (intents.size === 0 || parsed.text.trim() === '') return parsed;
      const messages: ChatMessage[] = [
        { role: 'system', content: llm.prompt(request.locale, 'understand', { intents: intentList }) },
        ...request.history.map((message): ChatMessage => ({
          role: message.direction === 'in' ? 'user' : 'assistant',
          content: message.text,
        })),
        { role: 'user', content: parsed.text },
      ];
      const answer = await llm.chat({ messages, jsonSchema, maxTokens: 200 }, request.call);
      if (!answer?.text) return parsed;
      const read = parseJsonWith(answerSchema, answer.text);
      if (!read.ok || read.value.intent === NO_INTENT || !intents.has(read.value.intent)) return parsed;
      return {
        ...parsed,
        intent: { name: read.value.intent, confidence: threshold },
        entities: [...parsed.entities, ...(await quotedEntities(parsed, read.value.entities, request))],
        source: 'llm',
      };
    },
  };

  /**
   * The entities the model quoted that the NLU did not find, read by the tenant's extractor. A value
   * the customer did not write is the model's guess and is left out: the flow asks for it instead.
   */
  async function quotedEntities(
    parsed: ParseResult,
    quoted: unknown[],
    request: LlmUnderstandRequest,
  ): Promise<Entity[]> {
    const found = new Set(parsed.entities.map((entity) => entity.entity));
    const text = foldText(parsed.text);
    const entities: Entity[] = [];
    for (const candidate of quoted) {
      const checked = quotedEntitySchema.safeParse(candidate);
      if (!checked.success) continue;
      const { entity: name } = checked.data;
      const value = String(checked.data.value).trim();
      if (!entityNames.has(name) || found.has(name) || value === '') continue;
      const at = text.indexOf(foldText(value));
      if (at < 0) continue;
      const reread = await understander.parse(value, { now: request.now, timezone: request.timezone });
      const entity = reread.entities.find((candidate) => candidate.entity === name);
      if (!entity) continue;
      found.add(name);
      entities.push({ ...entity, start: at + entity.start, end: at + entity.end });
    }
    return entities;
  }
}

/** `{ intent: one of the intents or "none", entities: [{ entity, value }] }`, strict. */
function answerJsonSchema(options: LlmUnderstanderOptions): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['intent', 'entities'],
    properties: {
      intent: { type: 'string', enum: [...options.intents.map((intent) => intent.name), NO_INTENT] },
      entities: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['entity', 'value'],
          properties: {
            entity:
              options.entities.length > 0
                ? { type: 'string', enum: [...options.entities] }
                : { type: 'string' },
            value: { type: 'string', description: 'The words of the message, as written.' },
          },
        },
      },
    },
  };
}
