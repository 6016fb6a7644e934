// Pages of the read API kept while the database stays unchanged. Many apps polling the same page (the
// newest interactions, the agent list) then cost one query per change instead of one per request. An
// entry is valid only for the data version read before its query (db.ts): any write, by this process or
// another, makes every entry stale. On SQLite an entry is never served after a change it may not show.
// On PostgreSQL the version moves when the change's notification arrives, so a page may lag a commit by
// the time PostgreSQL takes to deliver it (sub-millisecond on one host); while the listener is down
// nothing is cached. A notification arriving while a query runs moves the version read before it, so
// the page stored under that version is never served.
import type { RecordPage } from './pages.ts';

export interface PageCacheStats {
  hits: number;
  misses: number;
}

export interface PageCache {
  /** The page for `key`, from the cache when the data has not changed since it was read, else from `read`. */
  get(key: string, read: () => Promise<RecordPage>): Promise<RecordPage>;
  stats(): PageCacheStats;
}

interface Entry {
  version: string;
  page: RecordPage;
  bytes: number;
}

/** Strings count twice their length (UTF-16); the rest of a record is small beside its JSON. */
const sizeOf = (page: RecordPage) => page.records.reduce((sum, r) => sum + 2 * r.json.length + 200, 0);

export function createPageCache(dataVersion: () => Promise<string | undefined>, maxBytes: number): PageCache {
  const entries = new Map<string, Entry>();
  const reading = new Map<string, { version: string; page: Promise<RecordPage> }>();
  let bytes = 0;
  const stats = { hits: 0, misses: 0 };

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };

  return {
    async get(key, read) {
      const version = await dataVersion();
      const entry = entries.get(key);
      if (entry && entry.version === version) {
        stats.hits++;
        // Re-inserted, so the Map's order stays least recently used first.
        entries.delete(key);
        entries.set(key, entry);
        return entry.page;
      }
      stats.misses++;
      drop(key);
      if (version === undefined) return read();
      // Requests that miss together (many polling apps, just after a write) share one read.
      const shared = reading.get(key);
      if (shared?.version === version) return shared.page;
      const pending = read();
      reading.set(key, { version, page: pending });
      let page: RecordPage;
      try {
        page = await pending;
      } finally {
        if (reading.get(key)?.page === pending) reading.delete(key);
      }
      const size = sizeOf(page);
      if (size > maxBytes / 4) return page;
      // Callers share a cached page: it must not change under them.
      Object.freeze(page.records);
      Object.freeze(page.keys);
      entries.set(key, { version, page, bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        drop(oldest);
      }
      return page;
    },
    stats: () => ({ ...stats }),
  };
}
