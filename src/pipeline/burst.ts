/**
 * Debounce: consecutive pending messages closer together than the tenant's window are one turn. With a
 * window of 0 every message is a turn of its own.
 */
export interface PendingMessage {
  id: number;
  created_at: string;
}

export function firstBurst<T extends PendingMessage>(pending: T[], windowMs: number): T[] {
  const burst: T[] = [];
  for (const message of pending) {
    const previous = burst.at(-1);
    if (previous && (windowMs === 0 || gapMs(previous, message) > windowMs)) break;
    burst.push(message);
  }
  return burst;
}

/** When the first burst may be answered: its last message's arrival plus the window. */
export function burstReadyAt(pending: PendingMessage[], windowMs: number): string | null {
  const last = firstBurst(pending, windowMs).at(-1);
  return last ? new Date(Date.parse(last.created_at) + windowMs).toISOString() : null;
}

function gapMs(a: PendingMessage, b: PendingMessage): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at);
}
