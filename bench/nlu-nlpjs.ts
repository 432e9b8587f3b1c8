/**
 * The baseline: nlp.js (`@nlpjs/basic` with `@nlpjs/lang-es`), the library a TypeScript developer would
 * pick for intent classification, used the way its documentation shows: a container with the Nlp plugin
 * and the Spanish language, `addDocument` per example, `train`, then `classify`.
 */
import { createRequire } from 'node:module';

/** The narrow part of nlp.js the benchmark uses (the packages ship no types). */
interface NlpjsNlp {
  settings: Record<string, unknown>;
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  classify(
    locale: string,
    utterance: string,
  ): Promise<{ classifications: { intent: string; score: number }[] }>;
}
interface NlpjsContainer {
  use(plugin: unknown): void;
  registerConfiguration(tag: string, configuration: Record<string, unknown>): void;
  get(name: 'nlp'): NlpjsNlp;
}
interface NlpjsBasic {
  containerBootstrap(): Promise<NlpjsContainer>;
  Nlp: unknown;
}

const require = createRequire(import.meta.url);

export type Classify = (text: string) => string | null | Promise<string | null>;

/** Trains nlp.js on the examples (Spanish), silently, and returns its top intent for a text. */
export async function trainNlpjs(examples: readonly { text: string; intent: string }[]): Promise<Classify> {
  // nlp.js's pino logger asks for the deprecated prettyPrint, and warns, unless NODE_ENV is production.
  process.env.NODE_ENV ??= 'production';
  const { containerBootstrap, Nlp } = require('@nlpjs/basic') as NlpjsBasic;
  const { LangEs } = require('@nlpjs/lang-es') as { LangEs: unknown };
  const container = await containerBootstrap();
  // nlp.js's defaults for its neural NLU, with the per-epoch logging turned off.
  container.registerConfiguration('nlu-??', {
    keepStopwords: true,
    nonefeatureValue: 1,
    nonedeltaMultiplier: 1.2,
    spellCheck: false,
    spellCheckDistance: 1,
    filterZeros: true,
    log: false,
  });
  container.use(Nlp);
  container.use(LangEs);
  const nlp = container.get('nlp');
  Object.assign(nlp.settings, { autoSave: false, autoLoad: false, calculateSentiment: false });
  nlp.addLanguage('es');
  for (const example of examples) nlp.addDocument('es', example.text, example.intent);
  await nlp.train();
  return async (text) => (await nlp.classify('es', text)).classifications[0]?.intent ?? null;
}
