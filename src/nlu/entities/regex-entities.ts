/**
 * Rasa regex features used as extractors: each pattern that matches the message yields its entity with
 * the matched text as value. Patterns are written for Python's `re`; a leading `(?i)` is read as the
 * ignore-case flag and the rest must be valid in JavaScript too.
 */
import { OrquestaError } from '../../core/errors.ts';
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import { allMatches } from './folded-text.ts';

export interface RegexEntity {
  entity: string;
  pattern: string;
}

export interface RegexMatcher {
  extract(text: string): Entity[];
}

function compile({ entity, pattern }: RegexEntity): RegExp {
  let source = pattern;
  let flags = 'g';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1]?.includes('i')) flags += 'i';
    if (inline[1]?.includes('s')) flags += 's';
    if (inline[1]?.includes('m')) flags += 'm';
  }
  for (const candidate of [`${flags}u`, flags]) {
    try {
      return new RegExp(source, candidate);
    } catch {
      // try without the unicode flag: Python patterns often escape characters it rejects
    }
  }
  throw new OrquestaError(
    'invalid_config',
    `regex for entity "${entity}" is not a valid regular expression: ${pattern} — correct it in nlu.yml`,
  );
}

export function createRegexMatcher(regexes: RegexEntity[]): RegexMatcher {
  const compiled = regexes.map((regex) => ({ entity: regex.entity, pattern: compile(regex) }));
  return {
    extract(text: string): Entity[] {
      const found: Entity[] = [];
      for (const { entity, pattern } of compiled) {
        for (const match of allMatches(pattern, text)) {
          if (match[0].length === 0) continue;
          found.push(entityAt(entity, match.index, match.index + match[0].length, match[0]));
        }
      }
      return found;
    },
  };
}
