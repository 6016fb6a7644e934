// `switchboard doctor NAME [--json] [--strict] [--history]`
import { Command, InvalidArgumentError } from 'commander';
import { getConnection } from '../connections/service.ts';
import { drift } from '../doctor/drift.ts';
import { renderHistory, renderReport } from '../doctor/render.ts';
import { runDoctor } from '../doctor/run.ts';
import { doctorFails, type DoctorReport } from '../doctor/types.ts';
import { withServices } from './context.ts';
import { printJson } from './output.ts';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number, at least 1');
  return n;
};

export function doctorCommand(): Command {
  return new Command('doctor')
    .description(
      "check that a connection's credential grants exactly what its features need: missing, unavailable, partial and excess grants, and credential health",
    )
    .argument('<name>', 'connection name')
    .option('--json', 'print JSON')
    .option('--strict', 'also fail on grants beyond the chosen features, credential warnings and anything that could not be checked')
    .option('--history', 'show stored checks (the doctor runs before every sync too) and what changed between them, without checking now')
    .option('--limit <n>', 'with --history: how many checks', positiveInt, 10)
    .addHelpText(
      'after',
      '\nExit status: 1 when a chosen feature misses something or the credential cannot be used (with --strict: anything beyond).',
    )
    .action((name: string, opts: { json?: boolean; strict?: boolean; history?: boolean; limit: number }) =>
      withServices(async (svc) => {
        if (opts.history) {
          const { row } = await getConnection(svc, name);
          // One more than shown, so the oldest shown has something to compare with.
          const rows = await svc.store.doctor.history(row.id, opts.limit + 1);
          const entries = rows.slice(0, opts.limit).map((r, i) => {
            const report = r.report as DoctorReport;
            const before = rows[i + 1]?.report as DoctorReport | undefined;
            return { seq: r.seq, trigger: r.trigger, report, changes: before ? drift(before, report) : undefined };
          });
          if (opts.json) return printJson(entries);
          return console.log(renderHistory(entries));
        }
        const outcome = await runDoctor(svc, name, { trigger: 'doctor' });
        if (opts.json) printJson({ ...outcome.report, changes: outcome.drift });
        else console.log(renderReport(outcome.report, outcome.drift));
        if (doctorFails(outcome.report, Boolean(opts.strict))) process.exitCode = 1;
      }),
    );
}
