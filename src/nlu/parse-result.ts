/** The result of understanding one message, in the shape of Rasa's `/model/parse`. */
export interface Entity {
  entity: string;
  start: number;
  end: number;
  value: unknown;
  extractor: string;
  [extra: string]: unknown;
}

export interface IntentScore {
  name: string;
  confidence: number;
}

export interface ParseResult {
  text: string;
  /** `name` is null when no intent reaches the tenant's threshold. */
  intent: { name: string | null; confidence: number };
  intent_ranking: IntentScore[];
  entities: Entity[];
  /** Who named the intent: the NLU (absent) or the language model, when the NLU named none (`llm`). */
  source?: 'nlu' | 'llm';
}

export interface ParseOptions {
  now: Date;
  timezone: string;
}

/** Anything that turns text into a parse result: the embedded classifier, a Rasa server, an LLM. */
export interface Understander {
  parse(text: string, options: ParseOptions): Promise<ParseResult>;
}
