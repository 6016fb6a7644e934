// `switchboard audit [--key APP] [--since 24h]`: the API's audit trail, newest first (api/audit-trail.ts,
// which GET /admin/audit reads through too).
import { Command, InvalidArgumentError } from 'commander';
import { AuditQueryError, readAudit } from '../api/audit-trail.ts';
import { withServices } from './context.ts';
import { printJson, table, UsageError } from './output.ts';

const limit = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('expected a whole number, 1–100000');
  return n;
};

export function auditCommand(): Command {
  return new Command('audit')
    .description("the API's audit trail: every request's key, route, connections, records and status, newest first")
    .option('--key <key>', "only this key's requests (its name or id)")
    .option('--since <when>', 'e.g. 24h, 7d, or a date/time')
    .option('--until <when>', 'e.g. 1h, or a date/time')
    .option('--connection <name>', 'only requests that touched this connection')
    .option('--limit <n>', 'at most this many entries', limit, 100)
    .option('--json', 'print JSON')
    .action((opts: { key?: string; since?: string; until?: string; connection?: string; limit: number; json?: boolean }) =>
      withServices(async ({ store }) => {
        let rows;
        try {
          rows = await readAudit(store, opts);
        } catch (err) {
          if (err instanceof AuditQueryError) throw new UsageError(err.message);
          throw err;
        }
        if (opts.json) return printJson(rows);
        if (!rows.length) return console.log('no API requests recorded for these filters');
        console.log(
          table([
            ['TIME', 'KEY', 'METHOD', 'PATH', 'STATUS', 'RECORDS', 'MS'],
            ...rows.map((r) => [
              r.at.toISOString(),
              r.keyName ?? '-',
              r.method,
              r.path,
              r.errorCode ? `${r.status} ${r.errorCode}` : String(r.status),
              String(r.records),
              String(r.durationMs),
            ]),
          ]),
        );
      }),
    );
}
