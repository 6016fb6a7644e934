// Terminal text for doctor reports and their history. Scripts use --json instead.
import type { DriftItem } from './drift.ts';
import type { DoctorReport, ExcessGrant, PermissionCheck } from './types.ts';

const pad = (s: string) => s.padEnd(12);

function reach(check: PermissionCheck): string {
  const units = (check.outOfReach ?? []).map((u) => {
    const inside = [u.holds, u.records?.length ? u.records.join(', ') : undefined].filter(Boolean).join(': ');
    return inside ? `${u.name} (${inside})` : u.name;
  });
  return units.length ? `; out of reach: ${check.unit ?? 'scope'} ${units.join(', ')}` : '';
}

/** `name (label)`, or the name alone when the platform has no other label for it. */
const named = (name: string, label: string) => (label === name ? name : `${name} (${label})`);

function checkLine(c: PermissionCheck): string {
  return `${named(c.permission, c.label)}: ${c.state === 'granted' ? '' : `${c.state}, `}${c.evidence}${reach(c)}`;
}

function excessLine(e: ExcessGrant): string {
  return `${e.high ? 'HIGH' : 'low '}  ${named(e.permission, e.label)}, ${e.level}: ${e.why}${e.scope ? `; ${e.scope}` : ''}`;
}

export function renderReport(report: DoctorReport, changes: DriftItem[] = []): string {
  const lines = [
    `${report.connection} (${report.platform}): ${report.status === 'ok' ? 'OK' : 'FAILING'}, checked ${report.checkedAt}`,
    `credential: ${report.credential.status}, ${report.credential.summary}`,
    ...report.credential.warnings.map((w) => `  warning: ${w}`),
    '',
  ];
  for (const r of report.results) {
    const [first, ...rest] = r.checks;
    const needsNothing = r.checks.length === 0 && r.verdict === 'ok';
    lines.push(`${pad(r.verdict)} ${r.feature}${needsNothing ? ': needs no permission' : first ? `: ${checkLine(first)}` : ''}`);
    for (const c of rest) lines.push(`${pad('')} ${checkLine(c)}`);
    for (const c of r.checks) if (c.fix) lines.push(`${pad('')} fix: ${c.fix}`);
  }
  lines.push('');
  if (!report.excess) lines.push(`excess: not assessed (${report.excessNote ?? 'unknown reason'})`);
  else if (!report.excess.length) lines.push('excess: none, nothing is granted beyond the chosen features');
  else lines.push('excess, granted beyond the chosen features:', ...report.excess.map((e) => `  ${excessLine(e)}`));
  if (changes.length) lines.push('', 'since the last check:', ...changes.map((d) => `  ${d.bad ? '!' : '-'} ${d.text}`));
  return lines.join('\n');
}

/** Newest first: each check with what changed since the one before it. */
export function renderHistory(entries: { seq: number; trigger: string; report: DoctorReport; changes?: DriftItem[] }[]): string {
  if (!entries.length) return 'no checks stored yet; run `switchboard doctor <name>`';
  const lines: string[] = [];
  for (const e of entries) {
    const failing = e.report.results.filter((r) => r.verdict !== 'ok').map((r) => `${r.feature} ${r.verdict}`);
    const excess = e.report.excess ? `${e.report.excess.length} excess` : 'excess not assessed';
    lines.push(
      `#${e.seq} ${e.report.checkedAt} (${e.trigger}): ${e.report.status}, credential ${e.report.credential.status}; ${[...failing, excess].join(', ')}`,
    );
    if (!e.changes) lines.push('    (the oldest check shown)');
    else if (!e.changes.length) lines.push('    no change');
    else for (const d of e.changes) lines.push(`    ${d.bad ? '!' : '-'} ${d.text}`);
  }
  return lines.join('\n');
}
