// What the doctor reports, stored as JSON per check (store/doctor.ts) and printed by `switchboard doctor`.
import type { CredentialHealth, Feature } from '../connectors/connector.ts';

/** A feature's verdict; excess is reported across features, since a grant rarely belongs to one. */
export type Verdict = 'ok' | 'missing' | 'unavailable' | 'partial' | 'unknown';

export interface PermissionCheck {
  permission: string;
  label: string;
  state: 'granted' | 'missing' | 'unavailable' | 'unknown';
  /** What the platform said, or how the doctor found out. */
  evidence: string;
  /** Other permissions that would do instead (an `any` requirement). */
  alternatives?: string[];
  /** Units (divisions, teams) out of the grant's reach that hold data, with the synced records they hide. */
  outOfReach?: { id: string; name: string; holds?: string; records?: string[] }[];
  unit?: string;
  /** What to do, for anything but a complete grant. */
  fix?: string;
}

export interface FeatureReport {
  feature: Feature;
  streams: string[];
  verdict: Verdict;
  checks: PermissionCheck[];
}

export interface ExcessGrant {
  permission: string;
  label: string;
  level: 'read' | 'write' | 'admin';
  /** Write, admin and wildcard grants. */
  high: boolean;
  wildcard?: string;
  scope?: string;
  why: string;
}

export interface DoctorReport {
  connection: string;
  platform: string;
  checkedAt: string;
  credentialVersion: number;
  features: Feature[];
  credential: CredentialHealth & { status: 'ok' | 'warning' | 'rejected' | 'error' };
  results: FeatureReport[];
  /** Absent when the platform does not let the credential's grants be listed (see excessNote). */
  excess?: ExcessGrant[];
  excessNote?: string;
  /** failing: a chosen feature misses something, or the credential cannot be used. */
  status: 'ok' | 'failing';
}

/** Exit status for `switchboard doctor`: non-zero when something is missing, or with --strict anything beyond. */
export function doctorFails(report: DoctorReport, strict: boolean): boolean {
  if (report.status === 'failing') return true;
  if (!strict) return false;
  return (
    (report.excess?.length ?? 0) > 0 ||
    report.excess === undefined ||
    report.credential.warnings.length > 0 ||
    report.results.some((r) => r.verdict === 'unknown')
  );
}
