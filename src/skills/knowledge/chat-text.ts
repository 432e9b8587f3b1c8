/**
 * Markdown as a chat shows it: WhatsApp and Telegram render `*bold*` and plain lines, not headings, tables
 * or links; and passages cut to a length a phone screen holds, at sentence ends.
 */

export function markdownToChatText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line))
    .map((line) => {
      const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
      if (heading) return `*${heading[1]}*`;
      if (/^\s*\|.*\|\s*$/.test(line)) {
        return line
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((cell) => cell.trim())
          .join(' · ');
      }
      return line.replace(/^(\s*)[-*+]\s+/, '$1• ');
    })
    .join('\n')
    .replace(
      /\*\*(.+?)\*\*|__(.+?)__/g,
      (_match, stars?: string, underscores?: string) => `*${stars ?? underscores}*`,
    )
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_match, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A list item's number or bullet left alone at the end of a cut ("5."), which the segmenter sees as a sentence. */
const DANGLING_LIST_MARKER = /\n\s*(\d+[.)]|•)\s*$/;

const sentences = new Intl.Segmenter('es', { granularity: 'sentence' });

/**
 * The text cut to at most `maxLength` characters after its last whole sentence (or line) that fits; a
 * first sentence longer than that is cut after a word and ends in "…".
 */
export function trimToSentences(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = 0;
  for (const { segment, index } of sentences.segment(text)) {
    for (const line of lineEnds(segment, index)) {
      if (line > maxLength) break;
      end = line;
    }
    if (index + segment.length > maxLength) break;
  }
  if (end > 0) return text.slice(0, end).replace(DANGLING_LIST_MARKER, '').trimEnd();
  const cut = text.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** Where a sentence may be cut: after each of its lines (list items end without a period) and at its end. */
function lineEnds(segment: string, offset: number): number[] {
  const ends: number[] = [];
  let position = segment.indexOf('\n');
  while (position !== -1) {
    ends.push(offset + position);
    position = segment.indexOf('\n', position + 1);
  }
  ends.push(offset + segment.trimEnd().length);
  return ends;
}
