import type { Button } from '../core/messages.ts';
import type { MessageRow } from '../storage/schema.ts';

/** Where the conversation state keeps the options of the last numbered menu sent. */
export const MENU_STATE_KEY = 'menu';

/**
 * On channels without buttons, options are sent as a numbered menu. A customer who answers with one of
 * its numbers ("2", "2.", "opción 2") chose that option: the message is read as a button reply, its text
 * the option's title and its payload the option's id.
 */
export function answerFromMenu(
  message: Pick<MessageRow, 'text' | 'kind' | 'payload'>,
  state: Record<string, unknown>,
) {
  const menu = state[MENU_STATE_KEY];
  if (!Array.isArray(menu) || message.kind !== 'text') return undefined;
  const match = message.text.trim().match(/^(?:opci[oó]n\s*|option\s*|#)?(\d{1,2})[.)]?$/i);
  const option = match ? (menu[Number(match[1]) - 1] as Button | undefined) : undefined;
  if (!option || typeof option.id !== 'string' || typeof option.title !== 'string') return undefined;
  return { text: option.title, buttonId: option.id };
}
