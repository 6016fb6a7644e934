// Shows sync progress: bars on a terminal, plain throttled lines otherwise (logs, CI). Always on stderr,
// so `--json` output on stdout stays clean.
import cliProgress from 'cli-progress';
import type { ProgressEvent, StreamResult } from '../engine/progress.ts';
import { formatSeconds } from './output.ts';

const PLAIN_INTERVAL_MS = 5_000;

export function describeResult(r: StreamResult): string {
  const head = `${r.stream}: ${r.status}, ${r.records} records, ${r.pages} pages in ${formatSeconds(r.seconds)}`;
  const deleted = r.deleted ? `, ${r.deleted} marked deleted` : '';
  return r.reason ? `${head}${deleted} — ${r.reason}` : `${head}${deleted}`;
}

export function createProgressView(opts: { quiet?: boolean } = {}): { onProgress(e: ProgressEvent): void; stop(): void } {
  if (opts.quiet) return { onProgress: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) return plainView();
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: '{label} |{bar}| {records} records · {pages} pages · {rate}/s · {eta_text}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_grey,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress(e) {
      const label = `${e.connection}/${e.stream}`.padEnd(36);
      if (e.type === 'stream-start') {
        bars.set(label, multi.create(1, 0, { label, records: 0, pages: 0, rate: 0, eta_text: 'ETA …' }));
        return;
      }
      const bar = bars.get(label);
      if (!bar) return;
      if (e.type === 'stream-progress') {
        const total = Math.max(e.total ?? e.records, e.records, 1);
        bar.setTotal(total);
        bar.update(e.records, {
          records: e.records,
          pages: e.pages,
          rate: Math.round(e.ratePerSecond),
          eta_text: `ETA ${e.etaSeconds !== undefined ? formatSeconds(e.etaSeconds) : '?'}`,
        });
      } else {
        bar.setTotal(Math.max(e.result.records, 1));
        bar.update(Math.max(e.result.records, 1), {
          records: e.result.records,
          pages: e.result.pages,
          rate: Math.round(e.result.records / Math.max(e.result.seconds, 1e-3)),
          eta_text: e.result.status,
        });
        bar.stop();
        if (e.result.reason) multi.log(`${describeResult(e.result)}\n`);
      }
    },
    stop: () => multi.stop(),
  };
}

function plainView() {
  const last = new Map<string, number>();
  return {
    onProgress(e: ProgressEvent) {
      const key = `${e.connection}/${e.stream}`;
      if (e.type === 'stream-start') {
        last.set(key, Date.now());
        process.stderr.write(`${key}: started\n`);
      } else if (e.type === 'stream-progress') {
        if (Date.now() - (last.get(key) ?? 0) < PLAIN_INTERVAL_MS) return;
        last.set(key, Date.now());
        const eta = e.etaSeconds !== undefined ? `, ETA ${formatSeconds(e.etaSeconds)}` : '';
        const of = e.total !== undefined ? `/${e.total}` : '';
        process.stderr.write(`${key}: ${e.records}${of} records, ${e.pages} pages, ${Math.round(e.ratePerSecond)}/s${eta}\n`);
      } else {
        process.stderr.write(`${e.connection}/${describeResult(e.result)}\n`);
      }
    },
    stop: () => {},
  };
}
