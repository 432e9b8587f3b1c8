/** The `number` entity: "tres", "veintidós", "1.5", "mil doscientos", "300 mil". */
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import type { Quantity } from './quantities.ts';

// Words that are numbers only in some uses: "una cita" (an article), "mil gracias" (a set phrase),
// "the second one" (a pronoun).
const ARTICLES = new Set(['un', 'una']);
const SET_PHRASE_AFTER = /^\s+(?:gracias|disculpas|perdones|besos|abrazos|bendiciones)(?![\p{L}])/u;
const PRONOUN_BEFORE =
  /(?:the|this|that|which|any|each|every|another|other|first|second|third|last|next)\s+$/u;

function isNumber(folded: string, quantity: Quantity): boolean {
  if (quantity.digits) return true;
  const text = folded.slice(quantity.start, quantity.end);
  if (ARTICLES.has(text)) return false;
  if (text === 'mil' && SET_PHRASE_AFTER.test(folded.slice(quantity.end))) return false;
  return !(text === 'one' && PRONOUN_BEFORE.test(folded.slice(0, quantity.start)));
}

export function extractNumbers(folded: string, quantities: Quantity[]): Entity[] {
  return quantities
    .filter((quantity) => isNumber(folded, quantity))
    .map((quantity) => entityAt('number', quantity.start, quantity.end, quantity.value));
}
