/**
 * Tells a visitor's open sockets, in this process, that the bot has started on a reply. Keyed by the
 * connection object the channel registry hands both the channel and the routes, and by the visitor id.
 */
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';

export interface TypingHub {
  /** Calls `listener` whenever a turn starts answering the visitor; returns the unsubscribe function. */
  subscribe(connection: ConnectionConfig, visitorId: string, listener: () => void): () => void;
  notify(connection: ConnectionConfig, visitorId: string): void;
}

export function createTypingHub(): TypingHub {
  const byConnection = new WeakMap<ConnectionConfig, Map<string, Set<() => void>>>();
  return {
    subscribe(connection, visitorId, listener) {
      let visitors = byConnection.get(connection);
      if (!visitors) byConnection.set(connection, (visitors = new Map()));
      let listeners = visitors.get(visitorId);
      if (!listeners) visitors.set(visitorId, (listeners = new Set()));
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) visitors.delete(visitorId);
      };
    },
    notify(connection, visitorId) {
      for (const listener of byConnection.get(connection)?.get(visitorId) ?? []) listener();
    },
  };
}
