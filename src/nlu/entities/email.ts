/** The `email` entity: the address as written, without trailing punctuation. */
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import { allMatches } from './folded-text.ts';

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

export function extractEmails(text: string): Entity[] {
  return allMatches(EMAIL, text).map((match) =>
    entityAt('email', match.index, match.index + match[0].length, match[0]),
  );
}
