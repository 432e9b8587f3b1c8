import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { expandPattern } from './expand-pattern.ts';

const folder = mkdtempSync(join(tmpdir(), 'orquesta-patterns-'));
for (const name of ['b.yaml', 'a.yaml', 'notes.md', 'a.yaml.bak']) writeFileSync(join(folder, name), '');
mkdirSync(join(folder, 'sub'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('expands * and ? in a file name to the sorted matching files', () => {
  expect(expandPattern(join(folder, '*.yaml'))).toEqual([join(folder, 'a.yaml'), join(folder, 'b.yaml')]);
  expect(expandPattern(join(folder, '?.yaml'))).toEqual([join(folder, 'a.yaml'), join(folder, 'b.yaml')]);
  expect(expandPattern(join(folder, 'notes.md'))).toEqual([join(folder, 'notes.md')]);
});

it('refuses a pattern that matches nothing or has a wildcard in its folder', () => {
  expect(() => expandPattern(join(folder, '*.yml'))).toThrow(/no file matches — check the pattern/);
  expect(() => expandPattern(join(folder, '*', 'a.yaml'))).toThrow(/only the file name may hold \* or \?/);
});
