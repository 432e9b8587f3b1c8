/**
 * What the catalog keeps in the conversation state between turns (under `catalog`): the stock ids of
 * the cars last listed, in the order shown, the car the conversation is about, and the cursor for
 * "ver más". The state is JSON the turn engine persists; anything unreadable counts as nothing listed.
 */
import { z } from 'zod';
import type { ConversationState } from '../skill.ts';

const catalogStateSchema = z.object({
  listed: z.array(z.string()).default([]),
  focused: z.string().nullable().default(null),
  nextCursor: z.string().nullable().default(null),
});

export type CatalogState = z.infer<typeof catalogStateSchema>;

const KEY = 'catalog';

export function readCatalogState(state: ConversationState): CatalogState {
  const parsed = catalogStateSchema.safeParse(state[KEY] ?? {});
  return parsed.success ? parsed.data : { listed: [], focused: null, nextCursor: null };
}

/** Remembers a listing: its cars become what "el segundo" or "el Corolla" refer to. */
export function rememberListing(
  state: ConversationState,
  listing: { stockIds: string[]; nextCursor: string | null },
): void {
  const current = readCatalogState(state);
  state[KEY] = {
    ...current,
    listed: listing.stockIds,
    nextCursor: listing.nextCursor,
    focused: listing.stockIds.length === 1 ? listing.stockIds[0]! : null,
  };
}

/** Remembers the car the conversation is now about ("ese", financing without naming a car). */
export function rememberFocus(state: ConversationState, stockId: string): void {
  state[KEY] = { ...readCatalogState(state), focused: stockId };
}
