/**
 * The grounding guard: the facts of a template reply (amounts and other numbers, dates, times, phone
 * numbers, emails, links, names and ids) and whether a rewrite of it keeps every one and adds none.
 *
 * Facts are compared in one canonical form, so a rewrite may write them differently: "$ 1.200.000",
 * "1200000" and "1,200,000.00" are the same amount; "3:00 p. m.", "3:00 PM" and "15:00" the same time;
 * "24 de noviembre" and "November 24" the same day. Anything the guard cannot read for sure (a time
 * without a.m./p.m. that was written with one, a number in words, "mañana" for a date) makes the rewrite
 * fail: the template is always a correct answer, a rewrite only a nicer one.
 */

/** A fact of a reply, as written and in the form facts are compared in (`n:1200000`, `t:15:00`, `d:24-11`). */
export interface Fact {
  kind: 'number' | 'date' | 'time' | 'url' | 'email' | 'name' | 'id';
  text: string;
  canonical: string;
}

export type GuardVerdict =
  | { ok: true }
  | {
      ok: false;
      /** Facts of the template the rewrite lost. */
      missing: Fact[];
      /** What the rewrite states that the template does not: facts, and day, number or currency words. */
      added: string[];
    };

/** Lower case without accents ("ñ" → "n"), for comparing words. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const MONTHS: Record<string, number> = {
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};
const MONTH = `(${Object.keys(MONTHS).join('|')})`;
const AM_PM = String.raw`([ap])\.?\s?m\.?(?![a-z])`;

/** Words that state a day, a quantity or a currency, checked against the template's own words. */
const STATING_WORDS = new Set(
  [
    // Left out on purpose: "may", "once" (eleven) and "ten", everyday words in the other language, and
    // "hoy"/"today", which greetings use ("¿en qué te ayudo hoy?").
    ...Object.keys(MONTHS).filter((month) => month !== 'may'),
    ...'lunes martes miercoles jueves viernes sabado domingo monday tuesday wednesday thursday friday saturday sunday'.split(
      ' ',
    ),
    ...'manana ayer tomorrow tonight yesterday'.split(' '),
    ...(
      'dos tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince dieciseis diecisiete ' +
      'dieciocho diecinueve veinte veinti treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento ' +
      'doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos mil millon ' +
      'millones two three four five six seven eight nine eleven twelve twenty thirty forty fifty sixty ' +
      'seventy eighty ninety hundred thousand million millions'
    ).split(' '),
    ...'usd us$ dolar dolares dollar dollars eur euro euros mxn cop clp ars pen gratis'.split(' '),
  ].map(fold),
);

interface Pattern {
  kind: Fact['kind'];
  regex: RegExp;
  /** The canonical forms of a match; null leaves it to the next patterns. */
  canonical: (match: RegExpExecArray) => string[] | null;
}

/** In the order they are read: each match is blanked out before the next pattern looks. */
const PATTERNS: Pattern[] = [
  {
    kind: 'url',
    regex: /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)]/g,
    canonical: (match) => [`u:${match[0].replace(/^(?:https?:\/\/)?(?:www\.)?/, '').replace(/\/$/, '')}`],
  },
  {
    kind: 'email',
    regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
    canonical: (match) => [`e:${match[0]}`],
  },
  {
    kind: 'date',
    regex: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    canonical: (match) => [day(match[3]!, match[2]!), `n:${Number(match[1])}`],
  },
  {
    kind: 'date',
    regex: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/g,
    canonical: (match) => [day(match[1]!, match[2]!), ...(match[3] ? [`n:${Number(match[3])}`] : [])],
  },
  {
    kind: 'date',
    regex: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th|ro|o)?\s+(?:de\s+|of\s+)?${MONTH}\b`, 'g'),
    canonical: (match) => [day(match[1]!, MONTHS[match[2]!]!)],
  },
  {
    kind: 'date',
    regex: new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?\b`, 'g'),
    canonical: (match) => [day(match[2]!, MONTHS[match[1]!]!)],
  },
  {
    kind: 'time',
    regex: new RegExp(String.raw`\b(\d{1,2})(?::(\d{2}))?\s*${AM_PM}`, 'g'),
    canonical: (match) => [time(Number(match[1]), match[2] ?? '00', match[3] as 'a' | 'p')],
  },
  {
    kind: 'time',
    regex: /\b(\d{1,2}):(\d{2})\b(?!:)/g,
    canonical: (match) => [time(Number(match[1]), match[2]!)],
  },
  {
    // A phone number ("+57 300 123 4567", "(601) 234-5678", "3001234567"): its digits, read like a number.
    kind: 'number',
    regex: /\+?\(?\d[\d ()-]*\d/g,
    canonical: (match) => {
      const digits = match[0].replace(/\D/g, '');
      return digits.length >= 7 ? [`n:${digits.replace(/^0+(?=\d)/, '')}`] : null;
    },
  },
  {
    kind: 'number',
    regex: /\d+(?:[.,]\d+)*/g,
    canonical: (match) => [`n:${canonicalNumber(match[0])}`],
  },
];

function day(dayOfMonth: string | number, month: string | number): string {
  return `d:${Number(dayOfMonth)}-${Number(month)}`;
}

function time(hour: number, minutes: string, half?: 'a' | 'p'): string {
  const hours = half === undefined ? hour : (hour % 12) + (half === 'p' ? 12 : 0);
  return `t:${String(hours).padStart(2, '0')}:${minutes}`;
}

/**
 * "1.200.000", "1,200,000.00", "1200000" → "1200000"; "1,5" and "1.50" → "1.5". One separator followed
 * by exactly three digits groups thousands ("1.200" is 1200, as Spanish-speaking customers write it).
 */
export function canonicalNumber(number: string): string {
  const written = number.replace(/[^\d.,]/g, '');
  const separators = written.replace(/\d/g, '');
  let integer = written;
  let fraction = '';
  const last = Math.max(written.lastIndexOf('.'), written.lastIndexOf(','));
  const decimalAtEnd =
    last >= 0 &&
    (new Set(separators).size > 1 || (separators.length === 1 && written.length - last - 1 !== 3));
  if (decimalAtEnd) {
    integer = written.slice(0, last);
    fraction = written.slice(last + 1);
  }
  integer = integer.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

/** The facts a pattern can read in a text (numbers, dates, times, phone numbers, emails, links). */
export function readFacts(text: string): Fact[] {
  let rest = fold(text);
  const facts: Fact[] = [];
  for (const pattern of PATTERNS) {
    rest = rest.replace(pattern.regex, (...args: unknown[]) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      const canonical = pattern.canonical(match);
      if (canonical === null) return match[0];
      for (const form of canonical) facts.push({ kind: pattern.kind, text: match[0], canonical: form });
      return ' '.repeat(match[0].length);
    });
  }
  return facts;
}

const ID = /^(?=.*\d)(?=.*\p{L})[\p{L}\d][\p{L}\d_-]{2,}$/u;

/**
 * The facts of a reply: those its text states, plus the values of its variables that are names
 * (a service, a professional, the customer — short words, no digits) or ids (letters and digits, e.g.
 * "CITA-0042"), where they appear in the text. Variables the template did not use are not facts.
 */
export function factsOf(text: string, variables: Record<string, string | number> = {}): Fact[] {
  const facts = readFacts(text);
  const folded = fold(text);
  for (const value of Object.values(variables)) {
    if (typeof value !== 'string') continue;
    // A list ("Limpieza facial, Masaje y Peeling") is a name per item.
    for (const part of value.split(/\s*(?:[,;\n•]|\by\b|\band\b)\s*/)) {
      const trimmed = part.trim();
      if (trimmed.length < 2 || !folded.includes(fold(trimmed))) continue;
      if (ID.test(trimmed)) facts.push({ kind: 'id', text: trimmed, canonical: `i:${fold(trimmed)}` });
      else if (isName(trimmed)) facts.push({ kind: 'name', text: trimmed, canonical: `w:${fold(trimmed)}` });
    }
  }
  return facts;
}

function isName(value: string): boolean {
  return /\p{L}/u.test(value) && !/\d/.test(value) && value.length <= 40 && value.split(/\s+/).length <= 5;
}

/** The words of a text that state a day, a number or a currency (see `STATING_WORDS`). */
function statingWords(text: string): Set<string> {
  const words = fold(text)
    // "de la mañana" is a part of the day, not tomorrow.
    .replace(/\b(de|en|por|esta) la manana\b/g, ' ')
    .match(/[\p{L}$]+/gu);
  return new Set((words ?? []).filter((word) => STATING_WORDS.has(word) || /^veinti/.test(word)));
}

/**
 * Whether a rewrite of `template` (rendered, with the `facts` from `factsOf`) keeps every fact and adds
 * none. A rewrite states something new when it has a number, date, time, phone number, email or link the
 * template does not, or a weekday, month, relative day, number in words or currency the template does not
 * name.
 */
export function checkRewrite(rewrite: string, template: string, facts: readonly Fact[]): GuardVerdict {
  const written = readFacts(rewrite);
  const writtenCanonical = new Set(written.map((fact) => fact.canonical));
  const foldedRewrite = fold(rewrite);
  const missing = facts.filter((fact) =>
    fact.kind === 'name' || fact.kind === 'id'
      ? !foldedRewrite.includes(fact.canonical.slice(2))
      : !writtenCanonical.has(fact.canonical),
  );
  const known = new Set(facts.map((fact) => fact.canonical));
  const templateWords = statingWords(template);
  const added = [
    ...new Set([
      ...written.filter((fact) => !known.has(fact.canonical)).map((fact) => fact.text.trim()),
      ...[...statingWords(rewrite)].filter((word) => !templateWords.has(word)),
    ]),
  ];
  return missing.length === 0 && added.length === 0 ? { ok: true } : { ok: false, missing, added };
}
