/**
 * Splits a markdown document into the passages the knowledge index searches and the answers quote: one per
 * heading section, one per question of a FAQ, tiny sections folded into their parent, long ones cut at
 * paragraphs.
 */

export interface KnowledgeDocument {
  /** The file name, as customers and admins see it cited: `planes.md`. */
  name: string;
  /** Markdown. */
  content: string;
}

export interface KnowledgeChunk {
  /** `<document name>#<position>`, unique within a knowledge base. */
  id: string;
  /** The document's file name. */
  document: string;
  /** The document's first level-1 heading, or its file name without extension. */
  title: string;
  /** The headings above the passage, outermost first, without the title; empty for the text under it. */
  headings: string[];
  /** The passage's markdown, without its heading line. */
  body: string;
}

export interface ChunkOptions {
  /** A section whose text is shorter than this joins its parent's passage. Default 100 characters. */
  minLength?: number;
  /** A passage longer than this is split between paragraphs. Default 1000 characters. */
  maxLength?: number;
}

interface Section {
  level: number;
  heading: string | null;
  path: string[];
  lines: string[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
/** A paragraph that opens with a bold question, the usual way of writing a FAQ: `**¿Duele?** Se siente…`. */
const FAQ_ENTRY = /^\*\*(¿?[^*]+\?)\*\*\s*(.*)$/s;

export function chunkDocument(document: KnowledgeDocument, options: ChunkOptions = {}): KnowledgeChunk[] {
  const minLength = options.minLength ?? 100;
  const maxLength = options.maxLength ?? 1000;
  const { title, sections } = splitSections(document);
  const passages: { headings: string[]; body: string }[] = [];

  for (const section of foldTinySections(sections, minLength)) {
    const paragraphs = splitParagraphs(section.lines.join('\n'));
    const faq = paragraphs.filter((paragraph) => FAQ_ENTRY.test(paragraph));
    if (faq.length >= 2) {
      const others = paragraphs.filter((paragraph) => !FAQ_ENTRY.test(paragraph));
      if (others.length > 0) passages.push(...packParagraphs(section.path, others, maxLength));
      for (const entry of faq) {
        const [, question = '', answer = ''] = FAQ_ENTRY.exec(entry) ?? [];
        passages.push({ headings: [...section.path, question.trim()], body: answer.trim() });
      }
    } else if (paragraphs.length > 0) {
      passages.push(...packParagraphs(section.path, paragraphs, maxLength));
    }
  }

  return passages.map((passage, index) => ({
    id: `${document.name}#${index + 1}`,
    document: document.name,
    title,
    headings: passage.headings,
    body: passage.body,
  }));
}

function splitSections(document: KnowledgeDocument): { title: string; sections: Section[] } {
  let title: string | null = null;
  const root: Section = { level: 1, heading: null, path: [], lines: [] };
  const sections: Section[] = [root];
  const open: Section[] = [root];
  let inFence = false;

  for (const line of document.content.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    const match = inFence ? null : HEADING.exec(line);
    if (!match) {
      sections.at(-1)?.lines.push(line);
      continue;
    }
    const level = match[1]?.length ?? 1;
    const heading = stripInlineMarkdown(match[2] ?? '');
    if (level === 1 && title === null && sections.length === 1 && root.lines.join('').trim() === '') {
      title = heading;
      continue;
    }
    while (open.length > 1 && (open.at(-1)?.level ?? 0) >= level) open.pop();
    const parent = open.at(-1) ?? root;
    const section: Section = { level, heading, path: [...parent.path, heading], lines: [] };
    sections.push(section);
    open.push(section);
  }
  return { title: title ?? document.name.replace(/\.[^.]+$/, ''), sections };
}

/** Sections too short to stand alone are appended, heading included, to the nearest section above them. */
function foldTinySections(sections: Section[], minLength: number): Section[] {
  const kept: Section[] = [];
  for (const section of sections) {
    const text = section.lines.join('\n').trim();
    const parent = [...kept].reverse().find((candidate) => candidate.level < section.level);
    if (section.heading !== null && text.length < minLength && parent) {
      if (text !== '') parent.lines.push('', `**${section.heading}**`, ...section.lines);
    } else {
      kept.push(section);
    }
  }
  return kept.filter((section) => section.lines.join('').trim() !== '');
}

function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function packParagraphs(headings: string[], paragraphs: string[], maxLength: number) {
  const passages: { headings: string[]; body: string }[] = [];
  let current: string[] = [];
  for (const paragraph of paragraphs) {
    const length = current.join('\n\n').length + paragraph.length + 2;
    if (current.length > 0 && length > maxLength) {
      passages.push({ headings, body: current.join('\n\n') });
      current = [];
    }
    current.push(paragraph);
  }
  if (current.length > 0) passages.push({ headings, body: current.join('\n\n') });
  return passages;
}

function stripInlineMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();
}
