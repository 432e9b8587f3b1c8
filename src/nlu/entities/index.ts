/**
 * Entity extraction: dates and times, numbers, ordinals, money, durations, e-mails and phone numbers
 * (built in), plus each tenant's lookups (fuzzy), regexes and synonyms. Every entity has offsets in the
 * original text (`end` exclusive) and `extractor: 'orquesta'`; entities never overlap, the longest match
 * winning.
 *
 * ```ts
 * const extractor = createEntityExtractor({ lookups: { make: [{ value: 'Nissan' }] } });
 * extractor.extract('un nisan para mañana a las 3', { now, timezone: 'America/Bogota' });
 * // [{ entity: 'make', value: 'Nissan', … }, { entity: 'time', value: '2026-11-24T15:00:00.000-05:00', grain: 'hour', … }]
 * ```
 */
import { normalizeText } from '../normalize-text.ts';
import type { Entity } from '../parse-result.ts';
import { extractAmountsOfMoney } from './amount-of-money.ts';
import { extractDurations } from './durations.ts';
import { extractEmails } from './email.ts';
import { foldText } from './folded-text.ts';
import { createLookupMatcher, type LookupEntry } from './lookup.ts';
import { extractNumbers } from './numbers.ts';
import { extractOrdinals } from './ordinals.ts';
import { extractPhoneNumbers } from './phone-number.ts';
import { findQuantities } from './quantities.ts';
import { createRegexMatcher } from './regex-entities.ts';
import { selectEntities } from './select-entities.ts';
import { extractTimes } from './time/time-extractor.ts';
import { assertTimeZone } from './time/zoned-time.ts';

export type { LookupEntry } from './lookup.ts';

export interface EntityExtractorOptions {
  /** Entity name → entries, e.g. `{ make: [{ value: 'Nissan' }], service: [{ value: 'depilacion-laser', synonyms: ['láser'] }] }`. */
  lookups?: Record<string, LookupEntry[]>;
  /** Rasa regex features used as extractors: the matched text is the value. */
  regexes?: { entity: string; pattern: string }[];
  /** Any extracted text (normalised: lower case, no accents) → canonical value, as Rasa synonyms. */
  synonyms?: Record<string, string>;
}

/** The turn's clock and the tenant's IANA zone. */
export interface EntityContext {
  now: Date;
  timezone: string;
}

export interface EntityExtractor {
  extract(text: string, context: EntityContext): Entity[];
}

/**
 * Builds an extractor for one tenant. Throws `invalid_config` for a regex that does not compile; `extract`
 * throws `invalid_config` for a time zone that is not an IANA zone.
 */
export function createEntityExtractor(options: EntityExtractorOptions = {}): EntityExtractor {
  const lookups = createLookupMatcher(options.lookups ?? {});
  const regexes = createRegexMatcher(options.regexes ?? []);
  const synonyms = new Map(
    Object.entries(options.synonyms ?? {}).map(([written, canonical]) => [normalizeText(written), canonical]),
  );
  const mapSynonym = (entity: Entity, text: string): Entity => {
    if (entity.entity === 'time' || typeof entity.value !== 'string') return entity;
    const canonical =
      synonyms.get(normalizeText(text.slice(entity.start, entity.end))) ??
      synonyms.get(normalizeText(entity.value));
    return canonical === undefined ? entity : { ...entity, value: canonical };
  };
  return {
    extract(text: string, context: EntityContext): Entity[] {
      assertTimeZone(context.timezone);
      const folded = foldText(text);
      const quantities = findQuantities(folded);
      // on equal length, earlier groups win: the tenant's own entities first
      const entities = selectEntities([
        lookups.extract(folded),
        regexes.extract(text),
        extractEmails(text),
        extractTimes(folded, context),
        extractAmountsOfMoney(folded, quantities),
        extractDurations(folded),
        extractPhoneNumbers(text, folded),
        extractOrdinals(folded),
        extractNumbers(folded, quantities),
      ]);
      return entities.map((entity) => mapSynonym(entity, text));
    },
  };
}
