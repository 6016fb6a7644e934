// From what a connector found (an Inspection) to verdicts per chosen feature and the grants beyond them.
// Platform-agnostic: every name, label and fix comes from the connector's declarations and findings.
import type { ConnectorDefinition, Feature, Inspection, PermissionFinding } from '../connectors/connector.ts';
import { featureOf, requirementsOf, type Requirement } from './features.ts';
import type { ExcessGrant, FeatureReport, PermissionCheck, Verdict } from './types.ts';

const UNREPORTED: PermissionFinding = { state: 'unknown', evidence: 'the connector reported nothing about it' };

/** Which of a requirement's permissions to judge it by: the granted one, else the one to grant. */
function representative(req: Requirement, findings: Inspection['permissions']): string[] {
  if (req.mode === 'all') return req.permissions;
  const state = (p: string) => (findings[p] ?? UNREPORTED).state;
  const pick =
    req.permissions.find((p) => state(p) === 'granted') ??
    req.permissions.find((p) => state(p) === 'missing') ??
    req.permissions.find((p) => state(p) === 'unknown') ??
    req.permissions[0];
  return pick === undefined ? [] : [pick];
}

function check(connector: ConnectorDefinition, req: Requirement, permission: string, finding: PermissionFinding): PermissionCheck {
  const label = connector.permissions[permission]?.label ?? permission;
  const alternatives = req.mode === 'any' ? req.permissions.filter((p) => p !== permission) : [];
  const out: PermissionCheck = {
    permission,
    label,
    state: finding.state,
    evidence: finding.evidence,
    ...(alternatives.length ? { alternatives } : {}),
  };
  const orOthers = alternatives.length ? ` (or one of ${alternatives.join(', ')})` : '';
  if (finding.state === 'granted' && finding.coverage?.outOfReach.length) {
    const { unit, outOfReach } = finding.coverage;
    out.unit = unit;
    out.outOfReach = outOfReach.map((u) => ({ ...u }));
    out.fix = `grant ${label} (${permission}) in the ${unit}s ${outOfReach.map((u) => u.name).join(', ')} too`;
  } else if (finding.state === 'missing') {
    out.fix = `grant ${label} (${permission})${orOthers}`;
  } else if (finding.state === 'unavailable') {
    out.fix = `this org cannot grant ${permission}: the product that carries it is not licensed or not enabled; ask the vendor, or leave the feature out`;
  }
  return out;
}

function verdictOf(checks: PermissionCheck[]): Verdict {
  if (checks.some((c) => c.state === 'missing')) return 'missing';
  if (checks.some((c) => c.state === 'unavailable')) return 'unavailable';
  if (checks.some((c) => c.outOfReach?.length)) return 'partial';
  if (checks.some((c) => c.state === 'unknown')) return 'unknown';
  return 'ok';
}

export function featureResults(connector: ConnectorDefinition, features: readonly Feature[], inspection: Inspection): FeatureReport[] {
  const requirements = requirementsOf(connector, features);
  return features.map((feature) => {
    const checks: PermissionCheck[] = [];
    for (const req of requirements.filter((r) => r.feature === feature)) {
      for (const permission of representative(req, inspection.permissions)) {
        // Two streams of a feature may need the same permission: it is judged once.
        if (checks.some((c) => c.permission === permission)) continue;
        checks.push(check(connector, req, permission, inspection.permissions[permission] ?? UNREPORTED));
      }
    }
    const streams = connector.streams.filter((s) => featureOf(s) === feature).map((s) => s.name);
    return { feature, streams, verdict: verdictOf(checks), checks };
  });
}

/**
 * Grants beyond the chosen features: anything no chosen feature uses, every wildcard (even one that
 * carries a needed permission), and what the platform itself calls more than needed. Of an `any`
 * requirement's alternatives only the one in use is needed.
 */
export function excessGrants(connector: ConnectorDefinition, features: readonly Feature[], inspection: Inspection): ExcessGrant[] {
  const needed = new Set<string>();
  for (const req of requirementsOf(connector, features)) {
    const used =
      req.mode === 'all' ? req.permissions : req.permissions.filter((p) => inspection.permissions[p]?.state === 'granted').slice(0, 1);
    for (const p of used) needed.add(p);
  }
  const usedElsewhere = (name: string) =>
    connector.streams.filter((s) => [...(s.requires.all ?? []), ...(s.requires.any ?? [])].includes(name)).map(featureOf);
  return (inspection.granted ?? []).flatMap((g): ExcessGrant[] => {
    let why: string;
    if (g.wildcard) why = `wildcard: ${g.wildcard}`;
    else if (g.excessReason) why = g.excessReason;
    else if (!needed.has(g.name)) {
      const others = usedElsewhere(g.name).filter((f) => !features.includes(f));
      why = others.length ? `only ${[...new Set(others)].join(', ')} would use it, and that is not chosen` : 'no chosen feature uses it';
    } else return [];
    return [
      {
        permission: g.name,
        label: g.label,
        level: g.level,
        high: g.level !== 'read' || g.wildcard !== undefined,
        ...(g.wildcard ? { wildcard: g.wildcard } : {}),
        ...(g.scope ? { scope: g.scope } : {}),
        why,
      },
    ];
  });
}
