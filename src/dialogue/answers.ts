/**
 * Short answers the dialogue understands by itself, in Spanish and English: yes, no, and leaving a flow.
 * A whole message must be the answer (give or take "por favor", "gracias" or punctuation), so that
 * "no tengo correo" is not a "no" and "quiero cancelar mi cita" is not a cancel.
 */
import { normalizeText } from '../nlu/normalize-text.ts';

const YES = new Set([
  'si',
  'sii',
  'sip',
  'claro',
  'dale',
  'ok',
  'okay',
  'okey',
  'listo',
  'confirmo',
  'confirmar',
  'de acuerdo',
  'esta bien',
  'perfecto',
  'correcto',
  'exacto',
  'asi es',
  'si senor',
  'si claro',
  'si confirmo',
  'yes',
  'yeah',
  'yep',
  'sure',
  'confirm',
  'right',
  'correct',
]);

const NO = new Set(['no', 'nop', 'nel', 'negativo', 'no gracias', 'nope', 'no thanks', 'incorrecto']);

const CANCEL = new Set([
  'cancelar',
  'cancela',
  'cancelalo',
  'olvidalo',
  'olvidalo mejor',
  'mejor no',
  'ya no',
  'ya no quiero',
  'no quiero',
  'dejalo',
  'dejalo asi',
  'salir',
  'cancel',
  'forget it',
  'never mind',
  'nevermind',
  'stop',
  'quit',
]);

const COURTESY =
  /^(?:pues |bueno |ok |no |ah )?(.*?)(?: por favor| porfa| gracias| please| thanks| thank you)?$/;

function core(text: string): string {
  return normalizeText(text).match(COURTESY)?.[1] ?? '';
}

/** Whether the message leaves the flow: "cancelar", "olvídalo", "mejor no", "ya no", "forget it". */
export function isCancel(text: string): boolean {
  const normalized = normalizeText(text);
  return CANCEL.has(normalized) || CANCEL.has(core(text));
}

/** "sí", "dale", "ok", "listo", "confirmo" → yes; "no", "mejor no" → no; anything else → null. */
export function yesOrNo(text: string): 'yes' | 'no' | null {
  const normalized = normalizeText(text);
  if (YES.has(normalized) || YES.has(core(text))) return 'yes';
  if (NO.has(normalized) || isCancel(text)) return 'no';
  return null;
}
