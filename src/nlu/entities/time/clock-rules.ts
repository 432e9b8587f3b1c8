/**
 * Rules for times of day and parts of the day: "a las 3", "15:30", "a las tres y media de la tarde",
 * "8 menos cuarto", "3pm", "a mediodía", "en la tarde", "esta noche", "anoche", "at 10 am".
 */
import { rule, type Rule } from './grammar.ts';
import type { ClockSpec, TimeValue } from './time-value.ts';
import { smallNumberSource } from '../number-words.ts';
import { HOUR_WORDS, MINUTE_WORDS, numberValue, partOfDay } from './vocabulary.ts';

const MERIDIEM = '(?<meridiem>a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![\\p{L}])';
const DAYPART =
  '(?:(?:de|en|por|a|in)\\s+(?:la|the)\\s+(?<daypart>manana|tarde|noche|madrugada|morning|afternoon|evening)|del\\s+(?<noon>mediodia)|de\\s+(?<daypart2>madrugada)|at\\s+(?<night>night))';
const INTRO = '(?:(?:alrededor\\s+de|cerca\\s+de|hacia|sobre|eso\\s+de)\\s+)?';
const HOUR = `(?<hour>\\d{1,2}|${HOUR_WORDS})`;
const MINUTES_AFTER = `(?:\\s+y\\s+(?<plus>media|cuarto|${MINUTE_WORDS}|\\d{1,2})|\\s+menos\\s+(?<minus>cuarto|${MINUTE_WORDS}|\\d{1,2}))`;
/** Minutes said right after the hour, "las dos cuarenta": from ten, so "a las 10 una cita" is not 10:01. */
const TENS_OF_MINUTES = smallNumberSource(10, 59);
const O_CLOCK = "(?:\\s+en\\s+punto|\\s+o\\s?'?\\s?clock)?";
const LATE_MINUS = '(?:\\s+menos\\s+(?<minus2>cuarto))?';

function minutesOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (word === 'media') return 30;
  if (word === 'cuarto') return 15;
  const value = numberValue(word.replace(/\s+/g, ' '));
  return value !== undefined && value < 60 ? value : undefined;
}

function meridiemOf(groups: Record<string, string | undefined>): ClockSpec['meridiem'] {
  const written = groups['meridiem'];
  if (written) return written.startsWith('a') ? 'am' : 'pm';
  if (groups['noon']) return 'pm';
  if (groups['night']) return 'night';
  const part = partOfDay(groups['daypart'] ?? groups['daypart2'] ?? '');
  if (part === 'morning' || part === 'madrugada') return 'am';
  if (part === 'afternoon') return 'pm';
  return part === 'night' ? 'night' : undefined;
}

/** Builds the clock from the groups every clock rule shares; null when it is not a time. */
function clockOf(groups: Record<string, string | undefined>, twentyFourHint = false): TimeValue | null {
  const hourText = groups['hour'] ?? '';
  let hour = numberValue(hourText.replace(/\s+/g, ' '));
  if (hour === undefined || hour > 24) return null;
  let minute =
    groups['minute'] !== undefined
      ? Number(groups['minute'])
      : (minutesOf(groups['plus']) ?? minutesOf(groups['words']) ?? 0);
  const minus = minutesOf(groups['minus'] ?? groups['minus2']);
  if ((groups['plus'] && minutesOf(groups['plus']) === undefined) || minute > 59) return null;
  if (minus !== undefined) {
    hour = hour === 1 ? 12 : hour - 1; // "la una menos cuarto" is 12:45
    minute = 60 - minus;
  }
  const second = groups['second'] !== undefined ? Number(groups['second']) : 0;
  const meridiem = meridiemOf(groups);
  if (meridiem && meridiem !== 'night' && hour > 12) return null; // "15 pm"
  const twentyFour = twentyFourHint || hour > 12 || hour === 0 || /^0\d/.test(hourText);
  const grain =
    groups['second'] !== undefined
      ? 'second'
      : minute !== 0 || groups['minute'] !== undefined
        ? 'minute'
        : 'hour';
  return { kind: 'clock', clock: { hour, minute, second, meridiem, twentyFour, grain } };
}

/** The last second of a day: "al final del día". */
export const END_OF_DAY: ClockSpec = { hour: 23, minute: 59, second: 59, twentyFour: true, grain: 'second' };

export const CLOCK_RULES: Rule[] = [
  rule(
    'digital-clock',
    `(?:(?<intro>${INTRO}las?|at|around|about)\\s+)?(?<hour>[01]?\\d|2[0-4])(?<separator>:\\s?|\\.)(?<minute>[0-5]\\d)(?::(?<second>[0-5]\\d))?(?:\\s*(?<h>h|hrs?|horas)(?![\\p{L}]))?(?:\\s*${MERIDIEM})?${LATE_MINUS}${O_CLOCK}(?:\\s+${DAYPART})?`,
    (groups) => {
      if (groups['separator'] === '.' && !groups['intro'] && !groups['meridiem']) return null; // "3.30" alone is a number
      return clockOf(groups, Boolean(groups['h']));
    },
    /\d[:.]\s?\d/u,
  ),
  rule(
    'hour-after-las',
    `(?<intro>${INTRO})(?:las?)\\s+${HOUR}(?:\\s*(?<h>h|hrs?)(?![\\p{L}])|\\s+(?<hours>horas)(?=\\s|$))?(?:${MINUTES_AFTER}|\\s+(?<words>${TENS_OF_MINUTES}))?(?:\\s*${MERIDIEM})?${LATE_MINUS}${O_CLOCK}(?:\\s+${DAYPART})?${LATE_MINUS.replace('minus2', 'minus3')}`,
    (groups) => {
      // "las 3 horas de clase" is a duration; "a las 15 horas" a time
      if (groups['hours'] && Number(groups['hour']) <= 12) return null;
      return clockOf(
        { ...groups, minus2: groups['minus2'] ?? groups['minus3'] },
        Boolean(groups['h'] ?? groups['hours']),
      );
    },
    /las?\s/u,
  ),
  rule(
    'hour-meridiem',
    `${HOUR}(?::(?<minute>[0-5]\\d))?${MINUTES_AFTER}?\\s*${MERIDIEM}${LATE_MINUS}`,
    (groups) => clockOf(groups),
    /[ap]\.?\s?m/u,
  ),
  rule(
    'hour-daypart',
    `${HOUR}${MINUTES_AFTER}?${O_CLOCK}\\s+${DAYPART}${LATE_MINUS}`,
    (groups) => clockOf(groups),
    /(?:de|en|por|a|in)\s+(?:la|the)\s|mediodia|madrugada|night/u,
  ),
  rule(
    'hour-and-a-half',
    `(?<hour>${HOUR_WORDS})\\s+(?:y\\s+(?<plus>media|cuarto)|menos\\s+(?<minus>cuarto))`,
    (groups) => clockOf(groups),
    /\sy\s+(?:media|cuarto)|menos\s+cuarto/u,
  ),
  rule(
    'english-clock',
    `(?:at|around|about)\\s+${HOUR}(?::(?<minute>[0-5]\\d))?(?:\\s*${MERIDIEM})?${O_CLOCK}(?:\\s+${DAYPART})?`,
    (groups) => clockOf(groups),
    /(?:at|around|about)\s/u,
  ),
  rule('o-clock', `${HOUR}\\s+o\\s?'?\\s?clock`, (groups) => clockOf(groups), /clock/u),
  rule(
    'hour-h',
    '(?<hour>\\d{1,2})\\s?h(?![\\p{L}])',
    (groups) => {
      // "7h del domingo" is a time, "trabajo 8h" a duration: alone it is too weak to keep
      const clock = clockOf(groups);
      return clock && { value: clock, weak: true };
    },
    /\d\s?h/u,
  ),
  rule(
    'end-of-day',
    '(?:(?:al|a|hacia\\s+el|el)\\s+)?(?:final|fin)\\s+(?:del|de)\\s+(?:la\\s+)?(?:dia|jornada)|(?:at\\s+)?(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?day',
    () => ({ kind: 'clock', clock: END_OF_DAY, date: { relativeDays: 0 } }),
    /fin|end of/u,
  ),
  rule(
    'noon-midnight',
    `(?:(?:al|a|el|at)\\s+)?(?<noon>mediodia|medio\\s+dia|noon)|(?:(?:a\\s+la|la|at)\\s+)?(?<midnight>medianoche|media\\s+noche|midnight)`,
    (groups) => {
      if (groups['noon'])
        return {
          kind: 'clock',
          clock: { hour: 12, minute: 0, second: 0, meridiem: 'pm', twentyFour: false, grain: 'hour' },
        };
      return {
        kind: 'clock',
        clock: { hour: 12, minute: 0, second: 0, meridiem: 'night', twentyFour: false, grain: 'hour' },
      };
    },
    /medio|noon|midnight|medianoche/u,
  ),
  rule(
    'part-of-day',
    // English parts of the day also stand alone ("tomorrow morning"), but not in greetings ("good morning")
    '(?:(?:en|por|de|durante|a|in|during)\\s+)?(?:la|the)\\s+(?<part>manana|tarde|noche|madrugada|morning|afternoon|evening|night)|(?:de|en\\s+la)\\s+(?<part2>madrugada)|(?<!(?:good|last)\\s+)(?<part3>morning|afternoon|evening)',
    (groups) => {
      const part = partOfDay(groups['part'] ?? groups['part2'] ?? groups['part3'] ?? '');
      return part ? { kind: 'part', part } : null;
    },
    /manana|tarde|noche|madrugada|morning|afternoon|evening|night/u,
  ),
  rule(
    'this-part-of-day',
    '(?:esta|this)\\s+(?<part>manana|tarde|noche|morning|afternoon|evening)|(?<tonight>tonight|tonite)|(?<lastNight>anoche|last\\s+night)',
    (groups) => {
      if (groups['tonight']) return { kind: 'part', part: 'night', date: { relativeDays: 0 } };
      if (groups['lastNight']) return { kind: 'part', part: 'night', date: { relativeDays: -1 } };
      const part = partOfDay(groups['part'] ?? '');
      return part ? { kind: 'part', part, date: { relativeDays: 0 } } : null;
    },
    /esta|this|tonight|tonite|anoche|last night/u,
  ),
];
