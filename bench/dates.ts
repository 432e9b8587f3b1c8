/**
 * `npm run bench:dates`: resolves the Spanish DateTimeModel cases of Microsoft Recognizers-Text that have
 * a reference time with Orquesta's entity extractor and, in the same run, with chrono-node's Spanish
 * parser (`chrono.es`, the baseline), and prints the share of cases each resolves, per category.
 *
 *   npm run bench:dates                     all 827 cases
 *   npm run bench:dates -- --sample 100     100 cases spread over the file (for CI)
 *   npm run bench:dates -- --failures       also list the cases Orquesta does not resolve
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chrono from 'chrono-node';
import { createEntityExtractor } from '../src/nlu/entities/index.ts';
import type { Entity } from '../src/nlu/parse-result.ts';
import { categoryOf, loadCases, resolves, type Found, type SpecCase, type Wall } from './dates-scoring.ts';

const SPEC = fileURLToPath(
  new URL('data/recognizers-specs/DateTime/Spanish/DateTimeModel.json', import.meta.url),
);
const TARGET = 0.85;
const TARGET_CATEGORIES = ['date', 'datetime'];

const { values: args } = parseArgs({
  options: { sample: { type: 'string' }, failures: { type: 'boolean', default: false } },
});

function referenceInstant(wall: Wall): Date {
  return new Date(`${wall.replace(' ', 'T')}Z`);
}

const isoWall = (iso: string): Wall => iso.slice(0, 19).replace('T', ' ');

/** Orquesta's entities, read in UTC so that their wall clock is the spec's. */
const extractor = createEntityExtractor();
function orquesta(spec: SpecCase): Found[] {
  const entities: Entity[] = extractor.extract(spec.input, {
    now: referenceInstant(spec.reference),
    timezone: 'UTC',
  });
  const found: Found[] = [];
  for (const entity of entities) {
    const span = { start: entity.start, end: entity.end };
    if (entity.entity === 'duration') {
      const normalized = entity['normalized'] as { value: number } | undefined;
      found.push({ ...span, kind: 'duration', hasTime: false, seconds: normalized?.value });
    } else if (entity.entity === 'time') {
      const grain = String(entity['grain']);
      const hasTime = ['hour', 'minute', 'second'].includes(grain);
      if (typeof entity.value === 'string')
        found.push({ ...span, kind: 'instant', at: isoWall(entity.value), hasTime, grain });
      else {
        const { from, to } = entity.value as { from?: string; to?: string };
        found.push({
          ...span,
          kind: 'interval',
          from: from && isoWall(from),
          to: to && isoWall(to),
          hasTime,
          grain,
        });
      }
    }
  }
  return found;
}

const pad = (value: number) => String(value).padStart(2, '0');
function componentsWall(components: chrono.ParsedComponents): Wall {
  const date = `${components.get('year')}-${pad(components.get('month') ?? 1)}-${pad(components.get('day') ?? 1)}`;
  return `${date} ${pad(components.get('hour') ?? 0)}:${pad(components.get('minute') ?? 0)}:${pad(components.get('second') ?? 0)}`;
}

/** chrono's results; a month or year it gives without a day is read as that whole month or year. */
function chronoEs(spec: SpecCase): Found[] {
  const results = chrono.es.parse(spec.input, { instant: referenceInstant(spec.reference), timezone: 0 });
  return results.map((result) => {
    const span = { start: result.index, end: result.index + result.text.length };
    const start = result.start;
    const hasTime = start.isCertain('hour');
    const at = componentsWall(start);
    if (result.end) return { ...span, kind: 'interval', from: at, to: componentsWall(result.end), hasTime };
    const year = start.get('year') ?? 0;
    const month = start.get('month') ?? 1;
    if (!start.isCertain('day') && start.isCertain('month')) {
      const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
      return {
        ...span,
        kind: 'interval',
        from: `${year}-${pad(month)}-01 00:00:00`,
        to: `${next} 00:00:00`,
        hasTime,
        grain: 'month',
      };
    }
    if (!start.isCertain('month') && start.isCertain('year')) {
      return {
        ...span,
        kind: 'interval',
        from: `${year}-01-01 00:00:00`,
        to: `${year + 1}-01-01 00:00:00`,
        hasTime,
        grain: 'year',
      };
    }
    return { ...span, kind: 'instant', at, hasTime, grain: hasTime ? 'hour' : 'day' };
  });
}

function sampleOf<T>(items: T[], size: number | undefined): T[] {
  if (size === undefined || size >= items.length) return items;
  return Array.from({ length: size }, (_, index) => items[Math.floor((index * items.length) / size)] as T);
}

const sampleSize = args.sample === undefined ? undefined : Number(args.sample);
if (sampleSize !== undefined && !(Number.isInteger(sampleSize) && sampleSize > 0)) {
  console.error(`bench:dates: --sample takes a positive whole number of cases, not "${args.sample}"`);
  process.exit(2);
}
const cases = sampleOf(loadCases(SPEC), sampleSize);

interface Tally {
  cases: number;
  orquesta: number;
  chrono: number;
}
const tallies = new Map<string, Tally>();
const failures: string[] = [];
const timings = { orquesta: [] as number[], chrono: [] as number[] };

function timed<T>(run: () => T, into: number[]): T {
  const started = process.hrtime.bigint();
  const result = run();
  into.push(Number(process.hrtime.bigint() - started) / 1000);
  return result;
}

// compile the regular expressions and warm the JIT of both systems before timing
for (const spec of cases.slice(0, 20)) {
  orquesta(spec);
  chronoEs(spec);
}

for (const spec of cases) {
  const category = categoryOf(spec);
  const tally = tallies.get(category) ?? { cases: 0, orquesta: 0, chrono: 0 };
  const ours = timed(() => orquesta(spec), timings.orquesta);
  const baseline = timed(() => chronoEs(spec), timings.chrono);
  const oursResolved = resolves(spec, ours);
  tally.cases += 1;
  tally.orquesta += Number(oursResolved);
  tally.chrono += Number(resolves(spec, baseline));
  tallies.set(category, tally);
  if (!oursResolved) {
    const wanted = spec.expected.map(
      (entity) =>
        `${entity.type} "${entity.text}" ${JSON.stringify(entity.values.map((value) => value.value ?? `${value.start}..${value.end}`))}`,
    );
    const got = ours.map(
      (item) =>
        `${spec.input.slice(item.start, item.end)} → ${item.at ?? item.seconds ?? `${item.from}..${item.to}`}`,
    );
    failures.push(
      `#${spec.index} [${category}] ${spec.reference} ${JSON.stringify(spec.input)}\n    expected ${wanted.join(' ; ') || 'nothing'}\n    got      ${got.join(' ; ') || 'nothing'}`,
    );
  }
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '   –  ' : `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
const sum = (names: string[]) =>
  names.reduce(
    (total, name) => {
      const tally = tallies.get(name);
      return tally
        ? {
            cases: total.cases + tally.cases,
            orquesta: total.orquesta + tally.orquesta,
            chrono: total.chrono + tally.chrono,
          }
        : total;
    },
    { cases: 0, orquesta: 0, chrono: 0 },
  );
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const categories = [...tallies.keys()].sort(
  (a, b) => (tallies.get(b)?.cases ?? 0) - (tallies.get(a)?.cases ?? 0),
);
const target = sum(TARGET_CATEGORIES);
const all = sum(categories);

console.log(
  `Spanish dates and times: Recognizers-Text DateTimeModel specs, ${cases.length} cases with a reference time${sampleSize ? ` (sample of ${sampleSize})` : ''}`,
);
console.log('');
console.log(
  `${'category'.padEnd(16)}${'cases'.padStart(6)}${'orquesta'.padStart(11)}${'chrono.es'.padStart(12)}`,
);
for (const name of categories) {
  const tally = tallies.get(name) as Tally;
  console.log(
    `${name.padEnd(16)}${String(tally.cases).padStart(6)}${percent(tally.orquesta, tally.cases).padStart(11)}${percent(tally.chrono, tally.cases).padStart(12)}`,
  );
}
console.log(`${'-'.repeat(45)}`);
console.log(
  `${'date+datetime'.padEnd(16)}${String(target.cases).padStart(6)}${percent(target.orquesta, target.cases).padStart(11)}${percent(target.chrono, target.cases).padStart(12)}   target ${TARGET * 100} %`,
);
console.log(
  `${'all'.padEnd(16)}${String(all.cases).padStart(6)}${percent(all.orquesta, all.cases).padStart(11)}${percent(all.chrono, all.cases).padStart(12)}`,
);
console.log(
  `${'µs per case'.padEnd(16)}${''.padStart(6)}${median(timings.orquesta).toFixed(0).padStart(11)}${median(timings.chrono).toFixed(0).padStart(12)}   (median)`,
);
console.log('');
const below = categories.filter((name) => {
  const tally = tallies.get(name) as Tally;
  return tally.orquesta / tally.cases < TARGET;
});
console.log(
  `Categories where Orquesta resolves less than ${TARGET * 100} %: ${below.map((name) => `${name} (${percent(tallies.get(name)?.orquesta ?? 0, tallies.get(name)?.cases ?? 0).trim()})`).join(', ') || 'none'}`,
);
console.log('');
console.log(
  'A case is resolved when every expected entity is found over an overlapping span with one of its',
);
console.log(
  'expected values (past or future reading of an ambiguous date), compared on the wall clock: the day',
);
console.log(
  'for dates, day and time for date-times, the time for times, both ends for ranges (our exclusive end',
);
console.log(
  'may equal theirs, or the day, unit or second before it), seconds for durations. An entity the specs',
);
console.log(
  'mark "not resolved" is matched by finding nothing there; recurring sets are never matched; a case',
);
console.log('that expects nothing is resolved when nothing is found. Extra findings are not penalised.');
console.log(
  'Categories: the one type a case expects ("mixed" for several, "none" for no entity). See bench/dates.md.',
);
if (args.failures) {
  console.log('');
  console.log(failures.join('\n'));
}
console.log('');
console.log(
  `bench:dates: Orquesta resolves ${percent(target.orquesta, target.cases).trim()} of date and date-time cases (chrono.es ${percent(target.chrono, target.cases).trim()}), ${percent(all.orquesta, all.cases).trim()} of all ${all.cases} (chrono.es ${percent(all.chrono, all.cases).trim()}); target ${TARGET * 100} % ${target.orquesta / Math.max(1, target.cases) >= TARGET ? 'met' : 'not met'}`,
);
