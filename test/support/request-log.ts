/** What a fake server received, in order, with a bounded wait for what a test expects it to receive. */
export interface RequestLog<Request> {
  readonly requests: Request[];
  /** Records a request and wakes the waits it may satisfy. */
  record(request: Request): void;
  /** Resolves once at least `count` requests match `filter`; rejects after `timeoutMs`, naming `who`. */
  waitFor(count: number, filter: (request: Request) => boolean, timeoutMs: number): Promise<Request[]>;
}

export function createRequestLog<Request>(who: string): RequestLog<Request> {
  const requests: Request[] = [];
  const waiters = new Set<() => void>();
  return {
    requests,
    record(request) {
      requests.push(request);
      for (const wake of waiters) wake();
    },
    async waitFor(count, filter, timeoutMs) {
      const matching = () => requests.filter(filter);
      if (matching().length >= count) return matching();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${who} received ${matching().length} of ${count} expected requests`));
        }, timeoutMs);
        const check = () => {
          if (matching().length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
      return matching();
    },
  };
}
