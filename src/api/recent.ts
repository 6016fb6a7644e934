// Store reads that every request repeats (the caller's key row, the list of connections), kept for a
// moment: at thousands of requests a second, a second's reuse saves thousands of identical queries. A
// change made through this server forgets the copy at once; one made by another process (the CLI
// revoking a key, adding a connection) is seen within `ttlMs`.

export interface RecentReads<K, V> {
  get(key: K): Promise<V | undefined>;
  /** Read `key` afresh next time (all keys when none is given). */
  forget(key?: K): void;
}

export function recentReads<K, V>(
  read: (key: K) => Promise<V | undefined>,
  opts: { ttlMs: number; maxEntries: number },
): RecentReads<K, V> {
  const kept = new Map<K, { value: V; until: number }>();
  return {
    async get(key) {
      const now = Date.now();
      const hit = kept.get(key);
      if (hit && hit.until > now) return hit.value;
      const value = await read(key);
      // Only what exists is kept: made-up keys must not fill the memory, and a miss must not outlive a create.
      if (value === undefined) kept.delete(key);
      else {
        if (kept.size >= opts.maxEntries) kept.clear();
        kept.set(key, { value, until: now + opts.ttlMs });
      }
      return value;
    },
    forget(key) {
      if (key === undefined) kept.clear();
      else kept.delete(key);
    },
  };
}
