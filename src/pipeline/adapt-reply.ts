import type { Button, OutboundContent, Reply } from '../core/messages.ts';
import type { ChannelCapabilities } from '../core/delivery.ts';

export interface AdaptedReply {
  messages: OutboundContent[];
  /** Options offered as a numbered text menu, to be understood by number when the customer answers. */
  menu?: Button[];
}

/**
 * Fits one reply to what a channel can show: text longer than the channel's limit is split at paragraph,
 * line, sentence or word boundaries; buttons become native buttons when they fit, else a native list, else
 * a numbered menu appended to the text ("1. Agendar") whose numbers the pipeline understands on the way back.
 */
export function adaptReply(reply: Reply, capabilities: ChannelCapabilities): AdaptedReply {
  const options = reply.buttons ?? [];
  if (options.length === 0)
    return { messages: splitText(reply.text, capabilities.maxTextLength).map((text) => ({ text })) };

  const { buttons, list } = capabilities;
  if (
    buttons &&
    options.length <= buttons.max &&
    options.every((option) => option.title.length <= buttons.titleMax)
  ) {
    return { messages: withLast(reply.text, capabilities, { buttons: options }) };
  }
  if (
    list &&
    options.length <= list.maxRows &&
    options.every((option) => option.title.length <= list.titleMax)
  ) {
    return {
      messages: withLast(reply.text, capabilities, {
        list: { button: truncate(reply.listButton ?? '☰', list.buttonMax), rows: options },
      }),
    };
  }
  const menu = options.map((option, index) => `${index + 1}. ${option.title}`).join('\n');
  return {
    messages: splitText(`${reply.text}\n\n${menu}`, capabilities.maxTextLength).map((text) => ({ text })),
    menu: options,
  };
}

/** Splits text into pieces of at most `limit` characters, preferring natural boundaries. */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut = lastBoundary(window, limit);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function lastBoundary(window: string, limit: number): number {
  const minimum = Math.floor(limit / 2);
  for (const boundary of ['\n\n', '\n', '. ', '? ', '! ', ' ']) {
    const at = window.lastIndexOf(boundary, limit - boundary.length + 1);
    if (at >= minimum) return at + boundary.length;
  }
  return limit;
}

/** The text split to the limits, with the interactive part attached to a last piece short enough to carry it. */
function withLast(
  text: string,
  capabilities: ChannelCapabilities,
  extra: Omit<OutboundContent, 'text'>,
): OutboundContent[] {
  const pieces = splitText(text, capabilities.maxTextLength);
  const interactiveMax = capabilities.interactiveTextMax ?? capabilities.maxTextLength;
  const last = pieces.pop() ?? '';
  pieces.push(...splitText(last, interactiveMax));
  return pieces.map((piece, index) =>
    index === pieces.length - 1 ? { text: piece, ...extra } : { text: piece },
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
