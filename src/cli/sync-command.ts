// `switchboard sync [NAME] [--stream S] [--full] [--no-media] [--json]`
import { Command, InvalidArgumentError, Option } from 'commander';
import { connectors } from '../connectors/catalog.ts';
import { connectionSecrets, getConnection, type Services } from '../connections/service.ts';
import { connectionFeatures, streamsFor } from '../doctor/features.ts';
import { runDoctor } from '../doctor/run.ts';
import { ConnectionBlockedError, runSync, type SyncSummary } from '../engine/sync-runner.ts';
import { blobStoreFor, withServices } from './context.ts';
import { formatSeconds, printJson, table } from './output.ts';
import { createProgressView } from './progress-view.ts';

export interface SyncCliOptions {
  stream?: string[];
  full?: boolean;
  media: boolean;
  json?: boolean;
  backfillDays: number;
  maxPageSize?: number;
  /** false: no permission check before the sync (--no-doctor). */
  doctor?: boolean;
}

/** What the check before a sync found, in the sync's JSON summary. */
export interface PreflightSummary {
  status: 'ok' | 'failing';
  credential: string;
  problems: string[];
  changes: string[];
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number, at least 1');
  return n;
};

export function syncCommand(): Command {
  return (
    new Command('sync')
      .description('pull data from one connection, or from every connection when no name is given')
      .argument('[name]', 'connection name')
      .option('--stream <stream...>', 'only these streams (e.g. agents interactions)')
      .option('--full', 'ignore saved cursors: re-read everything, backfilling incremental streams')
      .option('--no-media', 'recordings: fetch metadata only, download no media')
      .option('--no-doctor', 'skip the permission check before syncing (it is stored, and says up front when a permission was lost)')
      .option('--backfill-days <days>', 'how far back a first sync of interactions reaches', positiveInt, 30)
      .option('--json', 'print a JSON summary on stdout')
      // For tests and benchmarks: force many small pages through every paging path.
      .addOption(new Option('--max-page-size <n>').argParser(positiveInt).hideHelp())
      .addHelpText('after', streamsHelp)
      .action((name: string | undefined, opts: SyncCliOptions) =>
        withServices(async (svc) => {
          const names = name ? [name] : (await svc.store.connections.list()).map((c) => c.name);
          if (!names.length) throw new Error('no connections to sync; add one with `switchboard connections add`');
          const summaries: (SyncSummary | { connection: string; status: 'blocked'; reason: string })[] = [];
          const abort = new AbortController();
          const stopOnSignal = () => abort.abort(new Error('interrupted'));
          process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
          for (const n of names) {
            try {
              summaries.push(await syncOne(svc, n, opts, abort.signal));
            } catch (err) {
              if (!(err instanceof ConnectionBlockedError)) throw err;
              summaries.push({ connection: n, status: 'blocked', reason: err.message });
              if (!opts.json) process.stderr.write(`${err.message}\n`);
            }
          }
          if (opts.json) printJson(summaries.length === 1 ? summaries[0] : summaries);
          if (summaries.some((s) => s.status !== 'succeeded')) process.exitCode = 1;
        }),
      )
  );
}

const streamsHelp = () =>
  connectors
    .map((c) => `\n${c.title} streams:\n${c.streams.map((s) => `  ${s.name.padEnd(14)} ${s.kind.padEnd(11)} ${s.description}`).join('\n')}`)
    .join('\n');

export async function syncOne(
  svc: Services & { blobsRoot: string },
  name: string,
  opts: SyncCliOptions,
  signal?: AbortSignal,
): Promise<SyncSummary & { preflight?: PreflightSummary }> {
  let { row, connector } = await getConnection(svc, name);
  const preflight =
    connector.doctor && opts.doctor !== false && row.status !== 'auth_failed' ? await checkFirst(svc, name, signal) : undefined;
  // A credential the check found refused is blocked now: the sync then refuses to send it again.
  if (preflight) ({ row, connector } = await getConnection(svc, name));
  const features = connectionFeatures(connector, row.features);
  const view = createProgressView({ quiet: false });
  try {
    const summary = await runSync({
      store: svc.store,
      blobs: blobStoreFor(svc),
      connector,
      connection: row,
      secrets: row.status === 'auth_failed' ? {} : connectionSecrets(svc, row),
      options: { full: Boolean(opts.full), media: opts.media, backfillDays: opts.backfillDays, maxPageSize: opts.maxPageSize },
      streams: opts.stream ?? streamsFor(connector, features).map((s) => s.name),
      signal,
      onProgress: view.onProgress,
    });
    view.stop();
    if (!opts.json) printSummary(summary, svc.store.location);
    return preflight ? { ...summary, preflight } : summary;
  } finally {
    view.stop();
  }
}

/**
 * The doctor, before the sync: cheap (introspection only, no data), stored like any check, and what it
 * found is said up front, above all a permission lost since the last check, so that the streams it
 * skips are not a surprise. Printed on stderr: stdout stays the sync's JSON.
 */
async function checkFirst(svc: Services, name: string, signal?: AbortSignal): Promise<PreflightSummary> {
  const { report, drift } = await runDoctor(svc, name, { trigger: 'sync', signal });
  const problems = report.results.flatMap((r) =>
    r.verdict === 'ok' || r.verdict === 'unknown'
      ? []
      : [
          `${r.feature} ${r.verdict}: ${r.checks
            .filter((c) => c.state !== 'granted' || c.outOfReach?.length)
            .map((c) => c.fix ?? c.evidence)
            .join('; ')}`,
        ],
  );
  const changes = drift.filter((d) => d.bad).map((d) => d.text);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  for (const change of changes) say(`doctor: since the last check, ${change}`);
  if (report.credential.status === 'rejected' || report.credential.status === 'error') say(`doctor: ${report.credential.summary}`);
  for (const problem of problems) say(`doctor: ${problem}`);
  if (report.status === 'ok' && !changes.length) say('doctor: every chosen feature is ok');
  return { status: report.status, credential: report.credential.status, problems, changes };
}

export function printSummary(summary: SyncSummary, location: string): void {
  console.log(`\n${summary.connection} (${summary.platform}): ${summary.status} in ${formatSeconds(summary.seconds)}`);
  const rows = summary.streams.map((s) => [
    s.stream,
    s.status,
    String(s.records),
    String(s.pages),
    formatSeconds(s.seconds),
    [s.reason, s.deleted ? `${s.deleted} marked deleted` : undefined].filter(Boolean).join('; '),
  ]);
  console.log(table([['STREAM', 'STATUS', 'RECORDS', 'PAGES', 'TIME', 'NOTE'], ...rows]));
  // What the credentials could see, once per distinct scope (every stream of a team-mode account says the same).
  for (const scope of new Set(summary.streams.flatMap((s) => (s.scope ? [s.scope] : [])))) console.log(`scope: ${scope}`);
  for (const [entity, why] of Object.entries(summary.unavailable)) console.log(`no ${entity} data from this platform: ${why}`);
  console.log(
    `stored: ${Object.entries(summary.counts)
      .map(([e, n]) => `${n} ${e}`)
      .join(', ')}`,
  );
  console.log(`data: ${location}`);
}
