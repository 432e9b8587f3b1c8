/** `orquesta nlu eval`: trains the intent classifier on a file or a tenant's data and measures it on a test file. */
import { resolve } from 'node:path';
import { OrquestaError } from '../core/errors.ts';
import { trainAndEvaluate, type IntentEvaluation } from '../nlu/evaluate.ts';
import { readTrainingExamples, type TrainingExample } from '../nlu/training-data.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../tenancy/load-config.ts';

export interface NluEvalOptions {
  /** Train on this tenant's `nlu.data`. */
  tenant?: string;
  config?: string;
  /** Train on this file (JSONL `{text, intent}` or a Rasa nlu.yml) instead of a tenant's data. */
  train?: string;
  test: string;
  /** Print one JSON object instead of the report. */
  json?: boolean;
}

export async function nluEvalCommand(options: NluEvalOptions): Promise<void> {
  const training = readTraining(options);
  const testPath = resolve(options.test);
  const test = readTrainingExamples(testPath);
  if (training.examples.length === 0) {
    throw new OrquestaError('invalid_config', `${training.source} has no examples to train on`);
  }
  if (test.length === 0) throw new OrquestaError('invalid_config', `${testPath} has no examples to test on`);
  const evaluation = trainAndEvaluate(training.examples, test);
  const intents = new Set(training.examples.map((example) => example.intent)).size;
  if (options.json) {
    const { accuracy, macroF1, n, usPerUtterance, trainMs, perIntent, confusedPairs } = evaluation;
    const summary = {
      accuracy,
      macroF1,
      n,
      usPerUtterance,
      trainMs,
      trainExamples: training.examples.length,
    };
    process.stdout.write(`${JSON.stringify({ ...summary, intents, perIntent, confusedPairs })}\n`);
    return;
  }
  process.stdout.write(
    formatReport(evaluation, {
      train: `${training.source} (${training.examples.length} examples, ${intents} intents)`,
      test: testPath,
    }),
  );
}

function readTraining(options: NluEvalOptions): { source: string; examples: TrainingExample[] } {
  if (options.train && options.tenant) {
    throw new OrquestaError('invalid_request', 'give either --train FILE or --tenant ID, not both');
  }
  if (options.train) {
    const path = resolve(options.train);
    return { source: path, examples: readTrainingExamples(path) };
  }
  if (!options.tenant) {
    throw new OrquestaError('invalid_request', 'say what to train on: --train FILE or --tenant ID');
  }
  const loaded = loadConfig(options.config ?? DEFAULT_CONFIG_PATH);
  const tenant = loaded.config.tenants.find((candidate) => candidate.id === options.tenant);
  if (!tenant) throw new OrquestaError('not_found', `tenant "${options.tenant}" is not in ${loaded.path}`);
  if (!tenant.nlu.data) {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}" has no training data — set nlu.data in ${loaded.path}`,
    );
  }
  const path = resolve(loaded.baseDir, tenant.nlu.data);
  return { source: `tenant "${tenant.id}" (${path})`, examples: readTrainingExamples(path) };
}

/** The readable report: totals, one line per intent, then the most frequent confusions. */
export function formatReport(evaluation: IntentEvaluation, sources: { train: string; test: string }): string {
  const percent = (value: number) => `${(value * 100).toFixed(2)} %`;
  const lines = [
    `trained on ${sources.train} in ${Math.round(evaluation.trainMs)} ms`,
    `tested on  ${sources.test} (${evaluation.n} examples)`,
    '',
    `accuracy  ${percent(evaluation.accuracy)}`,
    `macro-F1  ${percent(evaluation.macroF1)}`,
    `speed     ${evaluation.usPerUtterance.toFixed(1)} µs per utterance (median)`,
    '',
  ];
  const width = Math.max('intent'.length, ...evaluation.perIntent.map((report) => report.intent.length));
  const number = (value: number) => (value * 100).toFixed(1).padStart(9);
  const column = (title: string) => title.padStart(9);
  lines.push(`${'intent'.padEnd(width)}  ${['precision', 'recall', 'F1', 'support'].map(column).join('')}`);
  for (const report of evaluation.perIntent) {
    lines.push(
      `${report.intent.padEnd(width)}  ${number(report.precision)}${number(report.recall)}${number(report.f1)}${String(report.support).padStart(9)}`,
    );
  }
  lines.push('');
  if (evaluation.confusedPairs.length === 0) {
    lines.push('no confusions');
  } else {
    lines.push('most confused (expected → predicted):');
    for (const pair of evaluation.confusedPairs) {
      lines.push(`${String(pair.count).padStart(5)}  ${pair.expected} → ${pair.predicted}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
