/**
 * The demo ISP's fault tickets, kept in memory: they last as long as the process and start again at
 * TK-10001 on every start. Enough for a demo and for tests; a real backend keeps them in its database.
 */
import { z } from 'zod';

export const FAULT_KINDS = ['sin_servicio', 'lento', 'intermitente', 'otro'] as const;

export const newTicketSchema = z.strictObject({
  phone: z
    .string({ error: 'expected text' })
    .regex(/^\+?\d{6,15}$/, 'not a phone number — send digits with the country code, e.g. 573001234567'),
  name: z.string().trim().max(200, 'longer than 200 characters').nullish(),
  kind: z.enum(FAULT_KINDS, { error: `expected one of: ${FAULT_KINDS.join(', ')}` }),
  description: z
    .string({ error: 'expected text' })
    .trim()
    .min(1, 'empty — describe the fault')
    .max(2000, 'longer than 2000 characters'),
});

export type NewTicket = z.output<typeof newTicketSchema>;

export interface Ticket {
  id: string;
  phone: string;
  name: string | null;
  kind: (typeof FAULT_KINDS)[number];
  description: string;
  status: 'abierto' | 'en_proceso' | 'resuelto';
  createdAt: string;
}

export type CreateResult =
  | { outcome: 'created' | 'replayed'; ticket: Ticket }
  /** The key was used before for a different ticket. */
  | { outcome: 'key_reused' };

export interface TicketStore {
  /** Opens a ticket; with an idempotency key already seen for the same request, returns that ticket instead. */
  create(request: NewTicket, idempotencyKey: string | undefined): CreateResult;
  get(id: string): Ticket | undefined;
  /** Newest first; only the given phone's when one is given. */
  list(phone?: string): Ticket[];
}

export function createTicketStore(now: () => Date = () => new Date()): TicketStore {
  const tickets = new Map<string, Ticket>();
  const byKey = new Map<string, { request: string; ticketId: string }>();
  let next = 10001;

  return {
    create(request, idempotencyKey) {
      const fingerprint = JSON.stringify([
        request.phone,
        request.name ?? null,
        request.kind,
        request.description,
      ]);
      if (idempotencyKey !== undefined) {
        const seen = byKey.get(idempotencyKey);
        if (seen && seen.request !== fingerprint) return { outcome: 'key_reused' };
        if (seen) return { outcome: 'replayed', ticket: tickets.get(seen.ticketId)! };
      }
      const ticket: Ticket = {
        id: `TK-${next++}`,
        phone: request.phone,
        name: request.name ?? null,
        kind: request.kind,
        description: request.description,
        status: 'abierto',
        createdAt: now().toISOString(),
      };
      tickets.set(ticket.id, ticket);
      if (idempotencyKey !== undefined)
        byKey.set(idempotencyKey, { request: fingerprint, ticketId: ticket.id });
      return { outcome: 'created', ticket };
    },
    get: (id) => tickets.get(id),
    list: (phone) =>
      [...tickets.values()].filter((ticket) => phone === undefined || ticket.phone === phone).reverse(),
  };
}
