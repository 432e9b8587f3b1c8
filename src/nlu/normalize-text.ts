/**
 * Folds the ways people write in chats into one form: lower case, no accents, no emoji or punctuation,
 * elongations shortened ("holaaa" → "hola"), spaces collapsed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .trim()
    .replace(/\s+/g, ' ');
}

export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

/**
 * Chat abbreviations and frequent misspellings, written as `normalizeText` leaves them (no accents),
 * with the words they stand for. Spanish first; the few English ones do not collide with Spanish words.
 */
export const CHAT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  q: 'que',
  k: 'que',
  ke: 'que',
  qe: 'que',
  xq: 'porque',
  xk: 'porque',
  pq: 'porque',
  pk: 'porque',
  porq: 'porque',
  x: 'por',
  xa: 'para',
  pa: 'para',
  d: 'de',
  porfa: 'por favor',
  porfis: 'por favor',
  porfavor: 'por favor',
  xfa: 'por favor',
  xfavor: 'por favor',
  plis: 'por favor',
  pls: 'por favor',
  plz: 'por favor',
  tb: 'tambien',
  tmb: 'tambien',
  tbn: 'tambien',
  msj: 'mensaje',
  msje: 'mensaje',
  dnd: 'donde',
  cdo: 'cuando',
  qdo: 'cuando',
  bn: 'bien',
  bno: 'bueno',
  weno: 'bueno',
  wenas: 'buenas',
  wenos: 'buenos',
  grax: 'gracias',
  grs: 'gracias',
  grcs: 'gracias',
  ntp: 'no te preocupes',
  info: 'informacion',
  cel: 'celular',
  nro: 'numero',
  num: 'numero',
  tel: 'telefono',
  tlf: 'telefono',
  telf: 'telefono',
  hr: 'hora',
  hrs: 'horas',
  dr: 'doctor',
  dra: 'doctora',
  ola: 'hola',
  hla: 'hola',
  aki: 'aqui',
  mnn: 'manana',
  mna: 'manana',
  toy: 'estoy',
  tas: 'estas',
  ta: 'esta',
  oki: 'ok',
  okis: 'ok',
  oka: 'ok',
  okey: 'ok',
  okay: 'ok',
  sip: 'si',
  nop: 'no',
  salu2: 'saludos',
  u: 'you',
  ur: 'your',
  r: 'are',
  thx: 'thanks',
  thnx: 'thanks',
  ty: 'thanks',
};

/**
 * The words of a chat message as a classifier should read them: normalised like `normalizeText`,
 * abbreviations expanded ("q" → "que", "porfa" → "por favor"), and each emoji kept as a token of its own
 * (skin tones, joiners and variation selectors dropped), so training data may give them a meaning.
 */
export function chatTokens(text: string): string[] {
  const normalized = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, ' ')
    .replace(/\p{Extended_Pictographic}/gu, ' $& ')
    .replace(/(\p{L})\1{2,}/gu, '$1');
  const tokens: string[] = [];
  for (const word of normalized.split(' ')) {
    if (word === '') continue;
    const expansion = CHAT_ABBREVIATIONS[word];
    if (expansion === undefined) tokens.push(word);
    else tokens.push(...expansion.split(' '));
  }
  return tokens;
}
