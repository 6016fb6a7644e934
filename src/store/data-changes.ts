// The data version on PostgreSQL: a counter in this process, moved by the notifications that migration
// 0005's triggers send when a commit changed a table pages may show. Reading it costs nothing, where
// asking the server for its WAL position cost a round trip per request, and the WAL also moved with
// every audit-trail insert and with other databases on the same server.
// The listener is a client of its own, not one from the pool: a pooled client is handed to other
// queries between uses and would lose the LISTEN.
import { Socket } from 'node:net';
import pg from 'pg';
import { DATA_CHANGE_CHANNEL } from './migrations/0005-data-change-notify.ts';

export interface DataChangeListener {
  /**
   * Moves with every notification. Undefined while not listening (not yet connected, or the connection
   * lost), when a commit could go unnoticed. Each connection starts a new epoch, so a version from before
   * a disconnect never comes back: what was committed meanwhile was never notified. Listening starts at
   * the first call, so processes that never ask (the CLI, sync workers) hold no extra connection.
   */
  version(): string | undefined;
  close(): Promise<void>;
}

/** How the listener shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'switchboard-listen';

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;
/** A connection dropped without a word (a firewall forgetting an idle one) delivers nothing: a query now and then finds out. */
const HEARTBEAT_MS = 30_000;
/** Longer than this to connect, listen or answer the heartbeat, and the connection counts as lost. */
const ANSWER_MS = 10_000;

export function listenForDataChanges(connectionString: string): DataChangeListener {
  /** Connecting or listening; undefined while waiting to retry, and once closed. */
  let client: pg.Client | undefined;
  let listening = false;
  let epoch = 0;
  let changes = 0;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  async function connect() {
    // Its socket unreferenced: a process with nothing else to do exits, listening or not.
    const c = new pg.Client({ connectionString, application_name: LISTENER_APPLICATION_NAME, stream: () => new Socket().unref() });
    client = c;
    // Handled for as long as the client exists: an unhandled 'error' would crash the process.
    c.on('error', () => void lost(c));
    c.on('end', () => void lost(c));
    // Counted even from a client already lost: one more change only costs a read.
    c.on('notification', () => changes++);
    try {
      await answered(c, async () => {
        await c.connect();
        await c.query(`listen ${DATA_CHANGE_CHANNEL}`);
      });
    } catch {
      await lost(c);
      return;
    }
    if (c !== client) return;
    epoch++;
    listening = true;
    retryMs = FIRST_RETRY_MS;
    heartbeat = setInterval(() => void answered(c, () => c.query('select 1')).catch(() => lost(c)), HEARTBEAT_MS).unref();
  }

  async function answered(c: pg.Client, work: () => Promise<unknown>) {
    const silent = setTimeout(() => void lost(c), ANSWER_MS).unref();
    try {
      await work();
    } finally {
      clearTimeout(silent);
    }
  }

  /** Stops trusting `c` at once, ends it, and tries again later unless closed. Once per client. */
  function lost(c: pg.Client): Promise<void> {
    if (c !== client) return Promise.resolve();
    client = undefined;
    listening = false;
    clearInterval(heartbeat);
    if (!closed) {
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, retryMs).unref();
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    }
    return c.end().catch(() => {});
  }

  return {
    version() {
      if (!client && !retry && !closed) void connect();
      return listening ? `${epoch}.${changes}` : undefined;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      if (client) await lost(client);
    },
  };
}
