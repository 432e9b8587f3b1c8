/**
 * `npm run bench:nlu [-- --sample N]`: Orquesta's intent classifier beside nlp.js, trained on the same
 * data in the same run, on Schuster et al. 2019 (Spanish; train → test) and SNIPS-es (5-fold stratified
 * cross-validation on the clean file; the typo file is classified by the model of the fold its clean row
 * was held out of). Prints one table and a one-line summary. `--sample N` (or NLU_BENCH_SAMPLE=N) keeps at
 * most N rows of each file, for CI.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, scorePredictions, type IntentPrediction } from '../src/nlu/evaluate.ts';
import { trainIntentClassifier } from '../src/nlu/intent/index.ts';
import { readRows, sampleRows, stratifiedFolds, type LabelledRow } from './nlu-data.ts';
import { trainNlpjs, type Classify } from './nlu-nlpjs.ts';

const DATA = join(dirname(fileURLToPath(import.meta.url)), 'data', 'intents');
const SEED = 20260101;
const FOLDS = 5;
/** Classifications before timing starts, so both systems are timed as optimised code. */
const WARM_UP = 200;

interface System {
  name: string;
  train(rows: readonly LabelledRow[]): Promise<Classify>;
}

const SYSTEMS: System[] = [
  {
    name: 'Orquesta',
    async train(rows) {
      const classifier = trainIntentClassifier(rows.map(({ text, intent }) => ({ text, intent })));
      return (text) => classifier.rank(text)[0]?.name ?? null;
    },
  },
  { name: 'nlp.js', train: (rows) => trainNlpjs(rows) },
];

interface Outcome {
  predictions: IntentPrediction[];
  times: number[];
  trainMs: number[];
}

interface Row {
  dataset: string;
  system: string;
  n: number;
  errors: number;
  accuracy: number;
  macroF1: number;
  usPerUtterance: number;
  trainMs: number;
}

function sampleSize(): number | undefined {
  const flag = process.argv.indexOf('--sample');
  const value = flag >= 0 ? process.argv[flag + 1] : process.env.NLU_BENCH_SAMPLE;
  if (value === undefined || value === '') return undefined;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 10)
    throw new Error(`--sample wants a whole number ≥ 10, not "${value}"`);
  return size;
}

interface TestSet {
  rows: LabelledRow[];
  outcome: Outcome;
}

/** Trains on `train`, then classifies every row of each test set, timing each classification. */
async function run(system: System, train: readonly LabelledRow[], tests: TestSet[]): Promise<void> {
  const start = performance.now();
  const classify = await system.train(train);
  const trainMs = performance.now() - start;
  for (const row of tests.flatMap((test) => test.rows).slice(0, WARM_UP)) await classify(row.text);
  for (const { rows, outcome } of tests) {
    outcome.trainMs.push(trainMs);
    for (const row of rows) {
      const begin = performance.now();
      const predicted = await classify(row.text);
      outcome.times.push(performance.now() - begin);
      outcome.predictions.push({ expected: row.intent, predicted });
    }
  }
}

function summarise(dataset: string, system: string, outcome: Outcome): Row {
  const metrics = scorePredictions(outcome.predictions);
  return {
    dataset,
    system,
    n: metrics.n,
    errors: outcome.predictions.filter((p) => p.predicted !== p.expected).length,
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    usPerUtterance: median(outcome.times) * 1000,
    trainMs: outcome.trainMs.reduce((sum, ms) => sum + ms, 0) / outcome.trainMs.length,
  };
}

const emptyOutcome = (): Outcome => ({ predictions: [], times: [], trainMs: [] });

async function schuster(size: number | undefined): Promise<Row[]> {
  const rows = readRows(join(DATA, 'schuster2019-es', 'schuster2019-es.jsonl'));
  const train = sampleRows(
    rows.filter((row) => row.split === 'train'),
    size,
    SEED,
  );
  const test = sampleRows(
    rows.filter((row) => row.split === 'test'),
    size,
    SEED,
  );
  const result: Row[] = [];
  for (const system of SYSTEMS) {
    const outcome = emptyOutcome();
    await run(system, train, [{ rows: test, outcome }]);
    result.push(summarise('Schuster-es test', system.name, outcome));
  }
  return result;
}

async function snips(size: number | undefined): Promise<Row[]> {
  const cleanAll = readRows(join(DATA, 'snips-es', 'snips-es.clean.jsonl'));
  const typosAll = readRows(join(DATA, 'snips-es', 'snips-es.typos.jsonl'));
  // Row i of the typo file is row i of the clean file with typos: check it, then sample both alike.
  typosAll.forEach((row, index) => {
    if (row.clean_text !== cleanAll[index]?.text)
      throw new Error(`SNIPS typo row ${index + 1} is not clean row ${index + 1}`);
  });
  const indices = sampleRows(
    cleanAll.map((_, index) => index),
    size,
    SEED,
  );
  const clean = indices.map((index) => cleanAll[index]!);
  const typos = indices.map((index) => typosAll[index]!);
  const foldOf = stratifiedFolds(clean, FOLDS, SEED);
  const held = (rows: LabelledRow[], fold: number) => rows.filter((_, index) => foldOf[index] === fold);
  const cleanRows: Row[] = [];
  const typoRows: Row[] = [];
  for (const system of SYSTEMS) {
    const [cleanOutcome, typoOutcome] = [emptyOutcome(), emptyOutcome()];
    for (let fold = 0; fold < FOLDS; fold += 1) {
      const train = clean.filter((_, index) => foldOf[index] !== fold);
      await run(system, train, [
        { rows: held(clean, fold), outcome: cleanOutcome },
        { rows: held(typos, fold), outcome: typoOutcome },
      ]);
    }
    cleanRows.push(summarise('SNIPS-es clean (5-fold)', system.name, cleanOutcome));
    typoRows.push(summarise('SNIPS-es typos (5-fold)', system.name, typoOutcome));
  }
  return [...cleanRows, ...typoRows];
}

function printTable(rows: Row[]): void {
  const header = [
    'dataset',
    'system',
    'n',
    'errors',
    'accuracy',
    'macro-F1',
    'µs/utt (median)',
    'train ms (per model)',
  ];
  const cells = rows.map((row) => [
    row.dataset,
    row.system,
    String(row.n),
    String(row.errors),
    `${(row.accuracy * 100).toFixed(2)} %`,
    `${(row.macroF1 * 100).toFixed(2)} %`,
    row.usPerUtterance.toFixed(1),
    row.trainMs.toFixed(0),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of cells) console.log(format(line));
}

function summary(rows: Row[], size: number | undefined): string {
  const find = (dataset: string, system: string) =>
    rows.find((row) => row.dataset === dataset && row.system === system)!;
  const schusterRow = find('Schuster-es test', 'Orquesta');
  const snipsOk = ['SNIPS-es clean (5-fold)', 'SNIPS-es typos (5-fold)'].every(
    (dataset) => find(dataset, 'Orquesta').errors <= find(dataset, 'nlp.js').errors,
  );
  const slowest = Math.max(
    ...rows.filter((row) => row.system === 'Orquesta').map((row) => row.usPerUtterance),
  );
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return (
    `Summary${size === undefined ? '' : ` (sample of ${size})`}: Schuster-es test accuracy ` +
    `${(schusterRow.accuracy * 100).toFixed(2)} % vs nlp.js ${(find('Schuster-es test', 'nlp.js').accuracy * 100).toFixed(2)} % ` +
    `(target ≥ 99.0 %: ${verdict(schusterRow.accuracy >= 0.99)}); SNIPS-es no more errors than nlp.js on clean and typos: ` +
    `${verdict(snipsOk)}; slowest median ${slowest.toFixed(1)} µs/utterance (target < 50: ${verdict(slowest < 50)}).`
  );
}

try {
  const size = sampleSize();
  const rows = [...(await schuster(size)), ...(await snips(size))];
  printTable(rows);
  console.log(summary(rows, size));
} catch (error) {
  console.error(`bench:nlu: ${(error as Error).message}`);
  process.exitCode = 1;
}
