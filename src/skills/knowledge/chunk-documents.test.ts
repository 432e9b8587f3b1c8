import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-documents.ts';

const filler = (words: number) => Array.from({ length: words }, (_, index) => `palabra${index}`).join(' ');

describe('chunkDocument', () => {
  it('makes one passage per heading section, keeping the title, the heading path and the file name', () => {
    const content = [
      '# Guía del servicio',
      '',
      `Introducción. ${filler(20)}`,
      '',
      '## Pagos',
      `Se paga por PSE. ${filler(20)}`,
      '',
      '### Recargos',
      `Después del 15 hay recargo. ${filler(20)}`,
    ].join('\n');
    const chunks = chunkDocument({ name: 'guia.md', content });
    expect(chunks.map((chunk) => [chunk.id, chunk.title, chunk.headings])).toEqual([
      ['guia.md#1', 'Guía del servicio', []],
      ['guia.md#2', 'Guía del servicio', ['Pagos']],
      ['guia.md#3', 'Guía del servicio', ['Pagos', 'Recargos']],
    ]);
    expect(chunks.every((chunk) => chunk.document === 'guia.md')).toBe(true);
    expect(chunks[2]?.body).toMatch(/^Después del 15 hay recargo\./);
  });

  it('folds a tiny section, heading included, into its parent', () => {
    const content = `# Sedes\n\n## Bogotá\n${filler(30)}\n\n### Parqueadero\nGratis en el sótano.\n`;
    const chunks = chunkDocument({ name: 'sedes.md', content });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.headings).toEqual(['Bogotá']);
    expect(chunks[0]?.body).toMatch(/palabra29\n\n\*\*Parqueadero\*\*\nGratis en el sótano\.$/);
  });

  it('splits a long section between paragraphs', () => {
    const paragraphs = Array.from({ length: 6 }, (_, index) => `Párrafo ${index}. ${filler(40)}`);
    const chunks = chunkDocument(
      { name: 'largo.md', content: `# Largo\n\n${paragraphs.join('\n\n')}` },
      { maxLength: 1000 },
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.body.length <= 1000)).toBe(true);
    expect(chunks.map((chunk) => chunk.body).join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('makes one passage per question of a FAQ written with bold questions', () => {
    const content = '# FAQ\n\n**¿Duele?** Un poco.\n\n**¿Cuántas sesiones?** Entre 6 y 8.\n';
    const chunks = chunkDocument({ name: 'faq.md', content });
    expect(chunks.map((chunk) => [chunk.headings, chunk.body])).toEqual([
      [['¿Duele?'], 'Un poco.'],
      [['¿Cuántas sesiones?'], 'Entre 6 y 8.'],
    ]);
  });

  it('names a document without a title after its file, and ignores # lines inside code blocks', () => {
    const content = `Texto inicial. ${filler(20)}\n\n\`\`\`\n# no es un título\n\`\`\`\n`;
    const chunks = chunkDocument({ name: 'notas-internas.md', content });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.title).toBe('notas-internas');
    expect(chunks[0]?.body).toContain('# no es un título');
  });

  it('gives nothing for a document with headings and no text', () => {
    expect(chunkDocument({ name: 'vacio.md', content: '# Título\n\n## Sección\n' })).toEqual([]);
  });
});
