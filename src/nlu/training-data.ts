/**
 * Training data formats: Rasa's `nlu.yml` (intents with examples, synonyms, regexes, lookup tables) and
 * JSONL lines of `{ "text", "intent" }`.
 */
import { readTextFile } from '../core/read-text-file.ts';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { OrquestaError } from '../core/errors.ts';
import { normalizeText } from './normalize-text.ts';

export interface TrainingExample {
  text: string;
  intent: string;
}

/** A named pattern; a match is an entity of that name (Rasa's `regex:` block, read by the entity extractor). */
export interface RegexFeature {
  entity: string;
  pattern: string;
}

/** Everything a training file holds for the intent classifier and the entity extractors. */
export interface TrainingData {
  examples: TrainingExample[];
  /** Written form → canonical value, from `synonym:` blocks and `[text]{"entity": …, "value": …}` annotations. */
  synonyms: Record<string, string>;
  regexes: RegexFeature[];
  /** Entity name → the values of its `lookup:` tables, in file order, without repeats. */
  lookups: Record<string, string[]>;
}

const BLOCK_KINDS = ['intent', 'synonym', 'regex', 'lookup'] as const;
type BlockKind = (typeof BLOCK_KINDS)[number];

const jsonlLineSchema = z.object({ text: z.string().min(1), intent: z.string().min(1) }).loose();
const annotationSchema = z.object({ entity: z.string().min(1), value: z.unknown().optional() }).loose();

/** Reads a training file: `.jsonl` as JSONL `{ "text", "intent" }` (examples only), anything else as a Rasa `nlu.yml`. */
export function readTrainingData(path: string): TrainingData {
  const source = readTextFile(
    path,
    'invalid_config',
    'the training data',
    'check nlu.data in the configuration',
  );
  if (path.endsWith('.jsonl')) {
    return { examples: parseJsonlExamples(source, path), synonyms: {}, regexes: [], lookups: {} };
  }
  return parseRasaNlu(source, path);
}

/** The intent examples of a training file (see `readTrainingData`). */
export function readTrainingExamples(path: string): TrainingExample[] {
  return readTrainingData(path).examples;
}

/** The intent examples of a Rasa `nlu.yml`, with inline entity annotations reduced to their text. */
export function parseRasaExamples(source: string, where: string): TrainingExample[] {
  return parseRasaNlu(source, where).examples;
}

/**
 * Reads a whole Rasa `nlu.yml` (format 3.x). Errors name the file and the line:
 * `data/nlu.yml:12 the block has no "examples" — …`. Keys other than `nlu` (version, responses,
 * stories, rules) are ignored, as Rasa does when a file holds several kinds of data.
 */
export function parseRasaNlu(source: string, where: string): TrainingData {
  const lineCounter = new LineCounter();
  const document = parseDocument(source.replace(/^\uFEFF/, ''), { prettyErrors: false, lineCounter });
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  const fail = (line: number, problem: string) =>
    new OrquestaError('invalid_config', `${where}:${line} ${problem}`);

  const syntaxError = document.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const reason = syntaxError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new OrquestaError(
      'invalid_config',
      `${where}:${line}:${col} is not valid YAML: ${reason} — fix the YAML syntax`,
      { cause: syntaxError },
    );
  }

  const data: TrainingData = { examples: [], synonyms: {}, regexes: [], lookups: {} };
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return data;
  if (!isMap(root)) {
    throw fail(lineOf(root), 'is not a Rasa nlu.yml: expected a mapping with "version" and "nlu" keys');
  }
  const nlu = root.get('nlu', true) as Node | undefined;
  if (nlu === undefined || (isScalar(nlu) && nlu.value === null)) return data;
  if (!isSeq(nlu)) {
    throw fail(
      lineOf(nlu),
      'is not a Rasa nlu.yml: "nlu" must be a list of intent, synonym, regex and lookup blocks',
    );
  }

  const synonymLines = new Map<string, { value: string; line: number }>();
  const addSynonym = (text: string, value: string, line: number) => {
    if (normalizeText(text) === normalizeText(value)) return;
    const key = normalizeText(text);
    const earlier = synonymLines.get(key);
    if (earlier && normalizeText(earlier.value) !== normalizeText(value)) {
      throw fail(
        line,
        `"${text}" is a synonym of "${value}" here and of "${earlier.value}" on line ${earlier.line} — keep one`,
      );
    }
    if (!earlier) synonymLines.set(key, { value, line });
    data.synonyms[text] = value;
  };

  for (const item of nlu.items as Node[]) {
    const line = lineOf(item);
    if (!isMap(item)) {
      throw fail(line, 'is not an nlu block: write "- intent: name" followed by "examples: |"');
    }
    const kinds = BLOCK_KINDS.filter((kind) => item.has(kind));
    const kind = kinds[0];
    if (!kind || kinds.length > 1) {
      throw fail(
        line,
        kind
          ? `has both "${kinds.join('" and "')}" — write one block for each`
          : 'is a block without "intent", "synonym", "regex" or "lookup" — name what it defines',
      );
    }
    const name = blockName(item, kind);
    if (!name) throw fail(line, `has an empty ${kind} name — write "- ${kind}: name"`);
    const lines = exampleLines(item, lineOf);
    if (lines === undefined) {
      throw fail(line, `${kind} "${name}" has no examples — add "examples: |" and one "- example" per line`);
    }
    if (lines.length === 0) throw fail(line, `${kind} "${name}" has an empty list of examples`);

    for (const example of lines) {
      switch (kind) {
        case 'intent': {
          const { text, synonyms } = readAnnotations(example.text, (problem) => fail(example.line, problem));
          if (text === '') throw fail(example.line, `example of intent "${name}" has no text`);
          data.examples.push({ text, intent: name });
          for (const synonym of synonyms) addSynonym(synonym.text, synonym.value, example.line);
          break;
        }
        case 'synonym':
          addSynonym(example.text, name, example.line);
          break;
        case 'regex':
          try {
            // Patterns are written for Python's `re`; a leading `(?i)` is a flag there, not in JavaScript.
            new RegExp(example.text.replace(/^\(\?[aiLmsux]+\)/, ''), 'i');
          } catch (error) {
            throw fail(
              example.line,
              `regex "${name}" has an invalid pattern ${JSON.stringify(example.text)}: ${(error as Error).message}`,
            );
          }
          data.regexes.push({ entity: name, pattern: example.text });
          break;
        case 'lookup': {
          const values = (data.lookups[name] ??= []);
          if (!values.includes(example.text)) values.push(example.text);
          break;
        }
      }
    }
  }
  return data;
}

export function parseJsonlExamples(source: string, where: string): TrainingExample[] {
  return source
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new OrquestaError(
          'invalid_config',
          `${where}:${number} is not JSON — write one {"text","intent"} object per line`,
        );
      }
      const parsed = jsonlLineSchema.safeParse(raw);
      if (!parsed.success) {
        throw new OrquestaError('invalid_config', `${where}:${number} needs "text" and "intent" strings`);
      }
      return { text: parsed.data.text, intent: parsed.data.intent };
    });
}

function blockName(block: YAMLMap, kind: BlockKind): string | undefined {
  const value = block.get(kind);
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || undefined;
  return undefined;
}

/**
 * The examples of a block with their line numbers. Rasa writes them as a literal block (`examples: |`
 * then `- text` lines); a YAML list of strings or of `{ text }` objects is accepted too.
 */
function exampleLines(
  block: YAMLMap,
  lineOf: (node: Node | null | undefined) => number,
): { text: string; line: number }[] | undefined {
  const node = block.get('examples', true) as Node | undefined;
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node)) {
    const first = lineOf(node);
    // In a literal block each line of the value is one line of the file, starting after the `|`.
    const offset = node.type === 'BLOCK_LITERAL' ? 1 : 0;
    return String(node.value)
      .split('\n')
      .map((text, index) => ({ text: text.replace(/^\s*-\s?/, '').trim(), line: first + offset + index }))
      .filter((example) => example.text !== '');
  }
  if (isSeq(node)) {
    return (node.items as Node[]).flatMap((item) => {
      const value = isMap(item) ? item.get('text') : isScalar(item) ? item.value : undefined;
      const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
      return text === '' ? [] : [{ text, line: lineOf(item) }];
    });
  }
  return [];
}

/**
 * Rasa marks entities inline as `[text](entity)`, `[text](entity:value)` or `[text]{"entity": …,
 * "value": …}`. The intent needs only the text; an annotation with another value is a synonym.
 */
function readAnnotations(
  example: string,
  fail: (problem: string) => Error,
): { text: string; synonyms: { text: string; value: string }[] } {
  const synonyms: { text: string; value: string }[] = [];
  const text = example.replace(
    /\[([^\]]+)\](?:\(([^)]*)\)|(\{[^}]*\}))/g,
    (_match, annotated: string, short?: string, json?: string) => {
      if (short !== undefined) {
        const separator = short.indexOf(':');
        const value = separator >= 0 ? short.slice(separator + 1).trim() : '';
        if (value !== '') synonyms.push({ text: annotated, value });
        return annotated;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(json ?? '');
      } catch {
        throw fail(`annotation ${json} is not JSON — write [text]{"entity": "name", "value": "value"}`);
      }
      const parsed = annotationSchema.safeParse(raw);
      if (!parsed.success) throw fail(`annotation ${json} needs an "entity" name`);
      const { value } = parsed.data;
      if (typeof value === 'string' || typeof value === 'number') {
        synonyms.push({ text: annotated, value: String(value) });
      }
      return annotated;
    },
  );
  return { text: text.trim(), synonyms };
}
