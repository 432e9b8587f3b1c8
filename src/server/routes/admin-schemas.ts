/** Schemas shared by the admin routes over conversations, contacts and the summary. */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';

export const isoTime = z.iso.datetime().describe('ISO-8601 UTC time, e.g. 2026-11-23T14:00:00.000Z');

export const conversationStatus = z
  .enum(['bot', 'pending_human', 'human'])
  .describe('bot: the bot answers; pending_human: waiting for an agent; human: an agent answers.');

export const tenantParams = z.object({ tenant: z.string().min(1).max(100) });
export const conversationParams = tenantParams.extend({ id: z.string().min(1).max(100) });
export const contactParams = conversationParams;

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200 (default 50).'),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor — pass the nextCursor of the previous page')
    .optional()
    .describe("The previous page's nextCursor."),
};

export const activeWithinHours = z.coerce
  .number()
  .positive()
  .max(24 * 366)
  .optional()
  .describe('Only those active within this many hours before now (fractions allowed).');

export const nextCursor = z
  .string()
  .nullable()
  .describe('Pass as cursor for the next page; null on the last.');

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** The error answers every admin route may give, for the OpenAPI document. */
export const errorResponses = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** The ISO time `hours` before `now`. */
export function hoursBefore(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * 3_600_000).toISOString();
}

export function notFound(what: 'conversation' | 'contact', id: string, tenantId: string): OrquestaError {
  return new OrquestaError(
    'not_found',
    `${what} "${id}" does not exist in tenant "${tenantId}" — list them with GET /api/v1/tenants/${tenantId}/${what}s`,
  );
}
