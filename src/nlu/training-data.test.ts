import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrquestaError } from '../core/errors.ts';
import {
  parseJsonlExamples,
  parseRasaExamples,
  parseRasaNlu,
  readTrainingData,
  readTrainingExamples,
} from './training-data.ts';

const RASA_NLU = `version: "3.1"
nlu:
  - intent: saludo
    examples: |
      - hola
      - buenos días
  - intent: agendar
    examples: |
      - quiero una cita el [martes](time) a las [3 pm](time)
      - cita de [limpieza dental]{"entity": "servicio", "value": "limpieza"}
      - [ortodoncia](servicio:ortodoncia) por favor
      -sin espacio tras el guion
  - synonym: limpieza
    examples: |
      - profilaxis
  - regex: cedula
    examples: |
      - \\d{8}
  - lookup: servicio
    examples: |
      - ortodoncia
`;

/** Runs `action` and returns the OrquestaError it throws. */
function thrown(action: () => unknown): OrquestaError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(OrquestaError);
    return error as OrquestaError;
  }
  throw new Error('expected an error');
}

describe('parseRasaExamples', () => {
  it('reads the intent blocks, one example per line, and skips synonyms, regexes and lookups', () => {
    expect(parseRasaExamples(RASA_NLU, 'nlu.yml')).toEqual([
      { text: 'hola', intent: 'saludo' },
      { text: 'buenos días', intent: 'saludo' },
      { text: 'quiero una cita el martes a las 3 pm', intent: 'agendar' },
      { text: 'cita de limpieza dental', intent: 'agendar' },
      { text: 'ortodoncia por favor', intent: 'agendar' },
      { text: 'sin espacio tras el guion', intent: 'agendar' },
    ]);
  });

  it('reads an empty file as no examples', () => {
    expect(parseRasaExamples('', 'nlu.yml')).toEqual([]);
    expect(parseRasaExamples('version: "3.1"\n', 'nlu.yml')).toEqual([]);
  });

  it('names the file, the line and the column of a YAML syntax error', () => {
    const error = thrown(() =>
      parseRasaExamples('nlu:\n  - intent: a\n    examples: |\n      - x\n   bad: [\n', 'data/nlu.yml'),
    );
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(/^data\/nlu\.yml:5:1 is not valid YAML: .+ — fix the YAML syntax$/);
  });

  it('says what is wrong, and where, when the file is YAML but not a Rasa nlu.yml', () => {
    const error = thrown(() => parseRasaExamples('version: "3.1"\nnlu: hola\n', 'data/nlu.yml'));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe(
      'data/nlu.yml:2 is not a Rasa nlu.yml: "nlu" must be a list of intent, synonym, regex and lookup blocks',
    );
    expect(thrown(() => parseRasaExamples('- hola\n', 'x.yml')).message).toMatch(
      /^x\.yml:1 is not a Rasa nlu\.yml/,
    );
  });
});

describe('parseRasaNlu', () => {
  it('reads synonyms, regexes and lookup tables beside the examples', () => {
    expect(parseRasaNlu(RASA_NLU, 'nlu.yml')).toEqual({
      examples: parseRasaExamples(RASA_NLU, 'nlu.yml'),
      synonyms: {
        'limpieza dental': 'limpieza',
        profilaxis: 'limpieza',
      },
      regexes: [{ entity: 'cedula', pattern: '\\d{8}' }],
      lookups: { servicio: ['ortodoncia'] },
    });
  });

  it('collects the synonyms that annotations declare, in both of Rasa’s syntaxes, and not the plain ones', () => {
    const data = parseRasaNlu(
      `nlu:
  - intent: agendar
    examples: |
      - cita de [laser]{"entity": "service", "value": "depilacion-laser"}
      - con la [doctora Laura](professional:laura) el [lunes](time)
      - [masaje]{"entity": "service"} y [Masaje]{"entity": "service", "value": "masaje"}
      - precio [123]{"entity": "number", "value": 123}
`,
      'nlu.yml',
    );
    expect(data.examples.map((example) => example.text)).toEqual([
      'cita de laser',
      'con la doctora Laura el lunes',
      'masaje y Masaje',
      'precio 123',
    ]);
    expect(data.synonyms).toEqual({ laser: 'depilacion-laser', 'doctora Laura': 'laura' });
  });

  it('accepts several blocks for one name, and examples written as a YAML list', () => {
    const data = parseRasaNlu(
      `nlu:
  - lookup: make
    examples: |
      - Nissan
      - Kia
  - lookup: make
    examples:
      - Kia
      - Mazda
  - regex: placa
    examples: |
      - [A-Z]{3}-?\\d{3}
  - regex: placa
    examples: |
      - (?i)[A-Z]{3}\\d{2}[A-Z]
  - intent: saludo
    examples:
      - text: hola
      - buenas
`,
      'nlu.yml',
    );
    expect(data.lookups).toEqual({ make: ['Nissan', 'Kia', 'Mazda'] });
    expect(data.regexes).toEqual([
      { entity: 'placa', pattern: '[A-Z]{3}-?\\d{3}' },
      { entity: 'placa', pattern: '(?i)[A-Z]{3}\\d{2}[A-Z]' },
    ]);
    expect(data.examples).toEqual([
      { text: 'hola', intent: 'saludo' },
      { text: 'buenas', intent: 'saludo' },
    ]);
  });

  it('ignores the other kinds of Rasa data a file may hold', () => {
    const source = `version: "3.1"\nnlu:\n  - intent: saludo\n    examples: |\n      - hola\nrules: []\nresponses:\n  utter_hola:\n    - text: hola\n`;
    expect(parseRasaNlu(source, 'nlu.yml').examples).toEqual([{ text: 'hola', intent: 'saludo' }]);
  });

  it('names the file and the line of each kind of mistake', () => {
    const cases: [string, string][] = [
      ['nlu:\n  - intent: a\n    examples: |\n      - uno\n  - hola\n', 'f.yml:5 is not an nlu block'],
      ['nlu:\n  - examples: |\n      - uno\n', 'f.yml:2 is a block without "intent", "synonym"'],
      [
        'nlu:\n  - intent: a\n    lookup: b\n    examples: |\n      - x\n',
        'f.yml:2 has both "intent" and "lookup"',
      ],
      ['nlu:\n  - intent: a\n', 'f.yml:2 intent "a" has no examples'],
      ['nlu:\n  - intent: ""\n    examples: |\n      - x\n', 'f.yml:2 has an empty intent name'],
      ['nlu:\n  - intent: a\n    examples: |\n\n', 'f.yml:2 intent "a" has an empty list of examples'],
      [
        'nlu:\n  - intent: a\n    examples: |\n      - uno\n      - [dos]{"entity": x}\n',
        'f.yml:5 annotation {"entity": x} is not JSON',
      ],
      [
        'nlu:\n  - intent: a\n    examples: |\n      - uno\n      - [dos]{"value": "2"}\n',
        'f.yml:5 annotation {"value": "2"} needs an "entity" name',
      ],
      [
        'nlu:\n  - regex: r\n    examples: |\n      - ok\n      - (abierto\n',
        'f.yml:5 regex "r" has an invalid pattern "(abierto"',
      ],
      [
        'nlu:\n  - synonym: laser\n    examples: |\n      - depi\n  - synonym: cera\n    examples: |\n      - DEPI\n',
        'f.yml:7 "DEPI" is a synonym of "cera" here and of "laser" on line 4 — keep one',
      ],
    ];
    for (const [source, expected] of cases) {
      const error = thrown(() => parseRasaNlu(source, 'f.yml'));
      expect(error.code).toBe('invalid_config');
      expect(error.message.startsWith(expected), `${error.message}\n  should start with\n${expected}`).toBe(
        true,
      );
    }
  });
});

describe('parseJsonlExamples', () => {
  it('reads one {text, intent} object per line, skipping blank lines and extra fields', () => {
    const source = '{"text":"hola","intent":"saludo"}\n\n{"text":"chao","intent":"despedida","lang":"es"}\n';
    expect(parseJsonlExamples(source, 'nlu.jsonl')).toEqual([
      { text: 'hola', intent: 'saludo' },
      { text: 'chao', intent: 'despedida' },
    ]);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const source = '\uFEFF{"text":"hola","intent":"saludo"}\r\n{"text":"chao","intent":"despedida"}\r\n';
    expect(parseJsonlExamples(source, 'nlu.jsonl')).toHaveLength(2);
  });

  it('names the file and line of a line that is not JSON, counting blank lines', () => {
    const source = '{"text":"hola","intent":"saludo"}\n\n{"text": "x", intent}\n';
    const error = thrown(() => parseJsonlExamples(source, 'data/nlu.jsonl'));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('data/nlu.jsonl:3 is not JSON — write one {"text","intent"} object per line');
  });

  it('names the file and line of an object without text or intent', () => {
    for (const [line, expected] of [
      ['{"text":"chao"}', 2],
      ['{"text":"","intent":"despedida"}', 2],
      ['{"text":"chao","intent":7}', 2],
      ['["chao","despedida"]', 2],
    ] as const) {
      const error = thrown(() =>
        parseJsonlExamples(`{"text":"hola","intent":"saludo"}\n${line}\n`, 'x.jsonl'),
      );
      expect(error.message).toBe(`x.jsonl:${expected} needs "text" and "intent" strings`);
    }
  });
});

describe('readTrainingExamples', () => {
  const folder = mkdtempSync(join(tmpdir(), 'orquesta-training-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads a .jsonl file as JSONL and anything else as a Rasa nlu.yml', () => {
    const jsonl = join(folder, 'examples.jsonl');
    writeFileSync(jsonl, '{"text":"hola","intent":"saludo"}\n');
    const yaml = join(folder, 'nlu.yml');
    writeFileSync(yaml, RASA_NLU);
    expect(readTrainingExamples(jsonl)).toEqual([{ text: 'hola', intent: 'saludo' }]);
    expect(readTrainingExamples(yaml)).toHaveLength(6);
  });

  it('reports errors with the path it was given', () => {
    const jsonl = join(folder, 'broken.jsonl');
    writeFileSync(jsonl, 'not json\n');
    expect(() => readTrainingExamples(jsonl)).toThrow(`${jsonl}:1 is not JSON`);
    const missing = join(folder, 'missing.yml');
    expect(() => readTrainingData(missing)).toThrow(`${missing}: cannot read the training data (ENOENT)`);
  });

  it('reads the whole training data of either format', () => {
    const jsonl = join(folder, 'all.jsonl');
    writeFileSync(jsonl, '{"text":"hola","intent":"saludo","split":"train"}\n');
    expect(readTrainingData(jsonl)).toEqual({
      examples: [{ text: 'hola', intent: 'saludo' }],
      synonyms: {},
      regexes: [],
      lookups: {},
    });
    const yaml = join(folder, 'all.yml');
    writeFileSync(yaml, `\uFEFF${RASA_NLU}`);
    expect(readTrainingData(yaml).lookups).toEqual({ servicio: ['ortodoncia'] });
  });
});
