import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOrquestaError } from '../../core/errors.ts';
import { createKnowledgeBase, loadKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';

const HOURS = {
  name: 'horarios.md',
  content: '# Horarios\n\nAtendemos de lunes a viernes de 8:00 a 18:00 y los sábados de 9:00 a 13:00.',
};
const PETS = {
  name: 'mascotas.md',
  content: '# Mascotas\n\nSe permiten mascotas pequeñas en la sala de espera, con correa o transportador.',
};

async function expectInvalid(action: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await action.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isOrquestaError(error) && error.code).toBe('invalid_request');
  expect((error as Error).message).toMatch(message);
}

async function answeredFrom(base: KnowledgeBase, question: string): Promise<string | null> {
  const answer = await base.answer(question);
  return answer.found ? answer.source.document : null;
}

describe('a knowledge base', () => {
  it('answers from a document added at run time, and no longer once it is removed', async () => {
    const base = await createKnowledgeBase([HOURS]);
    expect(await answeredFrom(base, 'aceptan mascotas?')).toBeNull();

    expect(await base.putDocument(PETS)).toEqual({ replaced: false, chunks: 1 });
    expect(await answeredFrom(base, 'aceptan mascotas?')).toBe('mascotas.md');
    expect(await answeredFrom(base, 'a q hora abren el sabado')).toBe('horarios.md');

    expect(await base.removeDocument('mascotas.md')).toBe(true);
    expect(await base.removeDocument('mascotas.md')).toBe(false);
    expect(await answeredFrom(base, 'aceptan mascotas?')).toBeNull();
    expect(base.documents().map((document) => document.name)).toEqual(['horarios.md']);
  });

  it('replaces a document of the same name and re-indexes it', async () => {
    const base = await createKnowledgeBase([HOURS]);
    const changed = {
      name: 'horarios.md',
      content: '# Horarios\n\nAbrimos también los domingos de 10:00 a 14:00.',
    };
    expect(await base.putDocument(changed)).toEqual({ replaced: true, chunks: 1 });
    const answer = await base.answer('abren los domingos?');
    expect(answer.found && answer.text).toBe('Abrimos también los domingos de 10:00 a 14:00.');
    expect(base.index().chunks.map((chunk) => chunk.id)).toEqual(['horarios.md#1']);
  });

  it('applies changes made at the same time one after the other, losing none', async () => {
    const base = await createKnowledgeBase();
    await Promise.all([base.putDocument(HOURS), base.putDocument(PETS)]);
    expect(
      base
        .index()
        .chunks.map((chunk) => chunk.document)
        .sort(),
    ).toEqual(['horarios.md', 'mascotas.md']);
  });

  it('rejects a bad document with a clear error and changes nothing', async () => {
    const base = await createKnowledgeBase([HOURS]);
    await expectInvalid(
      base.putDocument({ name: '../secreto.md', content: 'x' }),
      /name: must be a file name ending in \.md/,
    );
    await expectInvalid(base.putDocument({ name: 'horarios.md', content: '  \n' }), /content: is empty/);
    await expectInvalid(
      base.putDocument({ name: 'notas.txt', content: 'hola' }),
      /knowledge document "notas.txt"/,
    );
    await expectInvalid(
      base.putDocument({ name: 'horarios.md', content: '# Solo títulos\n## Nada más\n' }),
      /headings but no text/,
    );
    expect(base.documents()).toEqual([HOURS]);
    expect(await answeredFrom(base, 'a q hora abren el sabado')).toBe('horarios.md');
  });
});

describe('loadKnowledgeBase', () => {
  let folder: string | null = null;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = null;
  });

  it('reads the .md files of a folder and ignores other files', async () => {
    folder = mkdtempSync(join(tmpdir(), 'orquesta-knowledge-'));
    writeFileSync(join(folder, HOURS.name), HOURS.content);
    writeFileSync(join(folder, 'logo.png'), 'not text');
    const base = await loadKnowledgeBase(folder);
    expect(base.documents().map((document) => document.name)).toEqual(['horarios.md']);
  });

  it('names the folder and the fix when it cannot be read', async () => {
    const missing = join(tmpdir(), 'orquesta-no-such-knowledge-folder');
    await expect(loadKnowledgeBase(missing)).rejects.toThrow(
      new RegExp(
        `knowledge folder ${missing} cannot be read .*point business.knowledge at a folder of .md files`,
      ),
    );
  });
});
