// What changed between two checks of a connection: permissions gained or lost, divisions or teams that
// came into or went out of reach, grants added or removed beyond the chosen features, and changes of
// the credential (its state, the facts the platform reports, new warnings).
import type { DoctorReport, PermissionCheck } from './types.ts';

export interface DriftItem {
  kind: 'lost' | 'gained' | 'coverage' | 'excess' | 'credential' | 'features';
  /** Lost permissions, reach lost, new high grants and a refused credential are bad news. */
  bad: boolean;
  text: string;
}

function checksOf(report: DoctorReport): Map<string, PermissionCheck & { features: string[] }> {
  const out = new Map<string, PermissionCheck & { features: string[] }>();
  for (const r of report.results) {
    for (const c of r.checks) {
      const seen = out.get(c.permission);
      if (seen) seen.features.push(r.feature);
      else out.set(c.permission, { ...c, features: [r.feature] });
    }
  }
  return out;
}

/** Only checks that could say something are compared: an unusable credential tells nothing about grants. */
const usable = (r: DoctorReport) => r.credential.status !== 'rejected' && r.credential.status !== 'error';

export function drift(before: DoctorReport, after: DoctorReport): DriftItem[] {
  const items: DriftItem[] = [];
  if (before.credential.status !== after.credential.status) {
    items.push({
      kind: 'credential',
      bad: after.credential.status === 'rejected' || after.credential.status === 'error',
      text: `credential ${before.credential.status} → ${after.credential.status}: ${after.credential.summary}`,
    });
  }
  if (before.features.join(',') !== after.features.join(',')) {
    items.push({ kind: 'features', bad: false, text: `features ${before.features.join(', ')} → ${after.features.join(', ')}` });
  }
  if (!usable(before) || !usable(after)) return items;

  const was = checksOf(before);
  for (const [permission, now] of checksOf(after)) {
    const then = was.get(permission);
    if (!then || now.state === 'unknown' || then.state === 'unknown') continue;
    const what = `${permission} (${now.label}), needed by ${now.features.join(', ')}`;
    if (then.state === 'granted' && now.state !== 'granted') items.push({ kind: 'lost', bad: true, text: `lost ${what}: ${now.evidence}` });
    if (then.state !== 'granted' && now.state === 'granted') items.push({ kind: 'gained', bad: false, text: `gained ${what}` });
    // Reach only means something while the permission is held at all.
    if (then.state !== 'granted' || now.state !== 'granted') continue;
    const ids = (c: PermissionCheck) => new Set((c.outOfReach ?? []).map((u) => u.id));
    const thenIds = ids(then);
    const nowIds = ids(now);
    for (const u of now.outOfReach ?? []) {
      if (!thenIds.has(u.id)) {
        items.push({
          kind: 'coverage',
          bad: true,
          text: `${now.unit ?? 'scope'} ${u.name}${u.holds ? ` (${u.holds})` : ''} is out of reach of ${permission}`,
        });
      }
    }
    for (const u of then.outOfReach ?? []) {
      if (!nowIds.has(u.id))
        items.push({ kind: 'coverage', bad: false, text: `${then.unit ?? 'scope'} ${u.name} is now within reach of ${permission}` });
    }
  }

  if (before.excess && after.excess) {
    const key = (e: { permission: string; scope?: string; wildcard?: string }) => `${e.permission}|${e.scope ?? ''}|${e.wildcard ?? ''}`;
    const thenExcess = new Set(before.excess.map(key));
    const nowExcess = new Set(after.excess.map(key));
    for (const e of after.excess) {
      if (!thenExcess.has(key(e)))
        items.push({ kind: 'excess', bad: e.high, text: `now also granted: ${e.permission} (${e.label}, ${e.level}; ${e.why})` });
    }
    for (const e of before.excess)
      if (!nowExcess.has(key(e))) items.push({ kind: 'excess', bad: false, text: `no longer granted: ${e.permission}` });
  }

  const facts = new Set([...Object.keys(before.credential.facts), ...Object.keys(after.credential.facts)]);
  for (const fact of facts) {
    const a = before.credential.facts[fact];
    const b = after.credential.facts[fact];
    if (a !== b) items.push({ kind: 'credential', bad: false, text: `${fact}: ${a ?? '—'} → ${b ?? '—'}` });
  }
  for (const w of after.credential.warnings) {
    if (!before.credential.warnings.includes(w)) items.push({ kind: 'credential', bad: true, text: `new warning: ${w}` });
  }
  return items;
}
