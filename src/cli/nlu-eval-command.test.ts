import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { OrquestaError } from '../core/errors.ts';
import { CLINIC_EXAMPLES } from '../nlu/intent/__fixtures__/clinic-examples.ts';
import { nluEvalCommand } from './nlu-eval-command.ts';

const folder = mkdtempSync(join(tmpdir(), 'orquesta-nlu-eval-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const jsonl = (rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
const trainFile = join(folder, 'train.jsonl');
writeFileSync(trainFile, jsonl(CLINIC_EXAMPLES));
// The split field is ignored; one of the four is misclassified on purpose (a greeting labelled a farewell).
const testFile = join(folder, 'test.jsonl');
writeFileSync(
  testFile,
  jsonl([
    { text: 'kiero agendar una sita', intent: 'agendar_cita', split: 'test' },
    { text: 'cuanto cuesta el masaje', intent: 'consultar_paquetes', split: 'test' },
    { text: 'pasame con un asesor porfa', intent: 'hablar_con_humano', split: 'test' },
    { text: 'holaaa buenas', intent: 'despedida', split: 'test' },
  ]),
);
const testYaml = join(folder, 'test.yml');
writeFileSync(
  testYaml,
  'version: "3.1"\nnlu:\n  - intent: cancelar_cita\n    examples: |\n      - cancela mi [cita](thing) porfa\n',
);
mkdirSync(join(folder, 'tenant'));
writeFileSync(join(folder, 'tenant', 'nlu.jsonl'), jsonl(CLINIC_EXAMPLES));
const configFile = join(folder, 'orquesta.yaml');
writeFileSync(
  configFile,
  [
    'tenants:',
    '  - id: clinica',
    '    name: Clínica',
    '    timezone: America/Bogota',
    '    currency: COP',
    '    nlu: { data: tenant/nlu.jsonl }',
    '  - id: vacia',
    '    name: Vacía',
    '    timezone: America/Bogota',
    '    currency: COP',
  ].join('\n'),
);

/** Runs the command and returns what it printed. */
async function output(options: Parameters<typeof nluEvalCommand>[0]): Promise<string> {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  await nluEvalCommand(options);
  vi.restoreAllMocks();
  return chunks.join('');
}

async function failure(options: Parameters<typeof nluEvalCommand>[0]): Promise<OrquestaError> {
  const error = await nluEvalCommand(options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OrquestaError);
  return error as OrquestaError;
}

describe('nluEvalCommand', () => {
  it('with --json prints one JSON object with the figures', async () => {
    const printed = await output({ train: trainFile, test: testFile, json: true });
    expect(printed.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(printed) as Record<string, unknown>;
    expect(result).toMatchObject({ accuracy: 0.75, n: 4, trainExamples: CLINIC_EXAMPLES.length, intents: 6 });
    expect(result.macroF1).toBeGreaterThan(0);
    expect(typeof result.usPerUtterance).toBe('number');
    expect(result.trainMs).toBeGreaterThan(0);
    expect(result.confusedPairs).toEqual([{ expected: 'despedida', predicted: 'saludo', count: 1 }]);
  });

  it('prints a readable report: totals, a line per intent and the confusions', async () => {
    const printed = await output({ train: trainFile, test: testFile });
    expect(printed).toContain(`trained on ${trainFile} (${CLINIC_EXAMPLES.length} examples, 6 intents)`);
    expect(printed).toContain(`tested on  ${testFile} (4 examples)`);
    expect(printed).toMatch(/^accuracy {2}75\.00 %$/m);
    expect(printed).toMatch(/^macro-F1 {2}\d+\.\d\d %$/m);
    expect(printed).toMatch(/^speed {5}\d+\.\d µs per utterance \(median\)$/m);
    expect(printed).toMatch(/^agendar_cita +100\.0 +100\.0 +100\.0 +1$/m);
    expect(printed).toMatch(/^ +1 {2}despedida → saludo$/m);
  });

  it('reads a Rasa nlu.yml as the test file', async () => {
    const result = JSON.parse(await output({ train: trainFile, test: testYaml, json: true })) as {
      accuracy: number;
      n: number;
    };
    expect(result).toMatchObject({ accuracy: 1, n: 1 });
  });

  it("trains on a tenant's data, found relative to the configuration file", async () => {
    const result = JSON.parse(
      await output({ tenant: 'clinica', config: configFile, test: testFile, json: true }),
    ) as { n: number; accuracy: number };
    expect(result).toMatchObject({ n: 4, accuracy: 0.75 });
  });

  it('says what is missing or wrong', async () => {
    expect((await failure({ test: testFile })).message).toBe(
      'say what to train on: --train FILE or --tenant ID',
    );
    expect((await failure({ train: trainFile, tenant: 'clinica', test: testFile })).message).toBe(
      'give either --train FILE or --tenant ID, not both',
    );
    expect((await failure({ tenant: 'nadie', config: configFile, test: testFile })).code).toBe('not_found');
    expect((await failure({ tenant: 'vacia', config: configFile, test: testFile })).message).toMatch(
      /^tenant "vacia" has no training data — set nlu.data in /,
    );
  });
});
