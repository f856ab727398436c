/** Work a listener goes on with after its ack (commands), kept so a graceful stop can wait for it. */
export interface BackgroundWork {
  track(p: Promise<unknown>): void;
  /** Settles when everything tracked so far has settled, failures included. */
  settled(): Promise<unknown>;
}

export function backgroundWork(): BackgroundWork {
  const pending = new Set<Promise<unknown>>();
  return {
    track(p) {
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    settled: () => Promise.allSettled([...pending]),
  };
}
