// Progress of a sync: counts per stream, rate and ETA, as events for the CLI, metrics and console.

export type ProgressEvent =
  | { type: 'stream-start'; connection: string; stream: string }
  | {
      type: 'stream-progress';
      connection: string;
      stream: string;
      records: number;
      pages: number;
      total?: number;
      ratePerSecond: number;
      etaSeconds?: number;
    }
  | { type: 'stream-end'; connection: string; stream: string; result: StreamResult };

export interface StreamResult {
  stream: string;
  status: 'succeeded' | 'failed' | 'skipped';
  records: number;
  pages: number;
  seconds: number;
  /** For skipped or failed streams: what to do about it, in the platform's words. */
  reason?: string;
  /** Records marked deleted because the platform no longer lists them. */
  deleted?: number;
  /** The part of the platform's data the credentials could see, when not all of it (see StreamBatch.scope). */
  scope?: string;
}

/** Tracks one stream's counters and derives its rate and ETA from elapsed wall time. */
export class StreamProgress {
  records = 0;
  pages = 0;
  total: number | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly connection: string,
    private readonly stream: string,
  ) {}

  add(records: number, pages: number, total?: number): ProgressEvent {
    this.records += records;
    this.pages += pages;
    if (total !== undefined) this.total = Math.max(total, this.total ?? 0);
    const rate = this.records / Math.max(this.elapsedSeconds(), 1e-3);
    const remaining = this.total !== undefined ? Math.max(this.total - this.records, 0) : undefined;
    return {
      type: 'stream-progress',
      connection: this.connection,
      stream: this.stream,
      records: this.records,
      pages: this.pages,
      total: this.total,
      ratePerSecond: rate,
      etaSeconds: remaining !== undefined && rate > 0 ? remaining / rate : undefined,
    };
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
