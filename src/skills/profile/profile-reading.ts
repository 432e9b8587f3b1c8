/**
 * What a message says about the customer's details: an email address (valid or not, so that a mistyped
 * one gets a clear answer), a phone number, a name ("me llamo Ana Pérez"), and which detail they want to
 * change.
 */
import { z } from 'zod';
import type { TurnContext } from '../skill.ts';

export type ProfileField = 'name' | 'email' | 'phone';

const emailSchema = z.email();

/** The email entity, else any word with an "@" — an attempt at an address, even a broken one. */
export function readEmail(context: TurnContext): string | undefined {
  const entity = context.understanding.entities.find((candidate) => candidate.entity === 'email');
  if (typeof entity?.value === 'string') return entity.value.toLowerCase();
  const attempt = context.text.split(/\s+/).find((word) => word.includes('@'));
  return attempt?.replace(/^[«"'(<]+|[»"'.,;:!?)>]+$/g, '');
}

export function isValidEmail(email: string): boolean {
  return emailSchema.safeParse(email).success;
}

/** The phone entity's digits, else the message's digits when it is mostly a number ("300 123 4567"). */
export function readPhone(context: TurnContext): string | undefined {
  const entity = context.understanding.entities.find((candidate) => candidate.entity === 'phone-number');
  if (typeof entity?.value === 'string') return entity.value.replace(/\D/g, '');
  const text = context.text.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  return digits === '' ? undefined : digits;
}

export function isValidPhone(phone: string): boolean {
  return /^\d{7,15}$/.test(phone);
}

const NAME_LEAD =
  /^(?:(?:hola|buenas)[,\s]+)?(?:mi nombre (?:es|correcto es)|me llamo|soy|my name is|i am|call me)\s+/i;

/** The name in "me llamo Ana Pérez" / "mi nombre es …"; undefined when the message does not give one. */
export function nameIn(text: string): string | undefined {
  const lead = NAME_LEAD.exec(text.trim());
  return lead ? cleanName(text.trim().slice(lead[0].length)) : undefined;
}

/** The answer to "¿Cómo quieres que te llamemos?": the name, without a lead such as "me llamo". */
export function readNameAnswer(text: string): string {
  return nameIn(text) ?? cleanName(text);
}

function cleanName(text: string): string {
  return text
    .replace(/[.!,;]+$/, '')
    .trim()
    .replace(/\s+/g, ' ');
}

export function isValidName(name: string): boolean {
  return name.length >= 2 && name.length <= 80 && /^[\p{L}][\p{L}\p{M}' .-]*$/u.test(name);
}

/** The detail a request is about, from what it carries or names; undefined when it does not say. */
export function fieldOf(context: TurnContext): ProfileField | undefined {
  const text = context.text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (readEmail(context) !== undefined || /\b(correo|e-?mail|mail)\b/.test(text)) return 'email';
  if (
    context.understanding.entities.some((entity) => entity.entity === 'phone-number') ||
    /\b(telefono|celular|cel|numero|whatsapp|phone)\b/.test(text)
  )
    return 'phone';
  if (nameIn(context.text) !== undefined || /\b(nombre|llamo|name)\b/.test(text)) return 'name';
  return undefined;
}
