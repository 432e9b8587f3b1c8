/**
 * The `phone-number` entity: Colombian, Mexican and international (E.164) numbers, 7 to 15 digits
 * with spaces, dashes, dots or parentheses: "+57 300 123 4567", "(55) 1234-5678", "3001234567",
 * "601 234 5678". `value` is the number with only digits and a leading "+" when written.
 * Amounts are not phone numbers: nothing after "$", nothing grouped in thousands ("50.000.000"),
 * no bare run of fewer than 10 digits ("1500000"), no dates ("2026-11-24").
 */
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import { allMatches } from './folded-text.ts';

const CANDIDATE = /(?<![\p{L}\p{N}$€£.,+-])(\+\s?)?(\(?\d[\d\s().-]{5,22}\d)(?![\p{L}\p{N}]|[.,]\d)/gu;
const THOUSANDS = /^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$/u;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/u;
const MONEY_AFTER = /^\s*(?:mil|millon|millones|pesos?|dolares?|usd|cop|mxn|euros?|k)(?![\p{L}])/u;

export function extractPhoneNumbers(text: string, folded: string): Entity[] {
  const found: Entity[] = [];
  for (const match of allMatches(CANDIDATE, text)) {
    const international = Boolean(match[1]);
    const body = (match[2] ?? '').trim();
    const digits = body.replace(/\D/g, '');
    const grouped = /[\s().-]/u.test(body);
    if (digits.length < 7 || digits.length > 15) continue;
    if (THOUSANDS.test(body) || DATE_LIKE.test(body)) continue;
    if (!international && !grouped && digits.length < 10) continue;
    if (MONEY_AFTER.test(folded.slice(match.index + match[0].length))) continue;
    // "(" only as an opening of an area code, balanced
    if ((body.match(/\(/g)?.length ?? 0) !== (body.match(/\)/g)?.length ?? 0)) continue;
    const end = match.index + match[0].length;
    found.push(entityAt('phone-number', match.index, end, `${international ? '+' : ''}${digits}`));
  }
  return found;
}
