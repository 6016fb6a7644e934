// Runs a connection's doctor: opens a session like any sync (every call through the engine), lets the
// connector inspect what its credential holds, judges that against the connection's chosen features,
// names the synced records a partial grant no longer reaches, and stores the report for drift.
import type { ConnectorDefinition, Inspection } from '../connectors/connector.ts';
import { connectionSecrets, getConnection, type Services } from '../connections/service.ts';
import { CredentialRejectedError } from '../engine/errors.ts';
import { openSession } from '../engine/session.ts';
import type { ConnectionRow } from '../store/index.ts';
import { drift, type DriftItem } from './drift.ts';
import { excessGrants, featureResults } from './evaluate.ts';
import { connectionFeatures, requirementsOf, streamsFor } from './features.ts';
import type { DoctorReport } from './types.ts';

export interface DoctorOutcome {
  report: DoctorReport;
  /** The check before this one, and what changed since. */
  previous?: DoctorReport;
  drift: DriftItem[];
}

export class NoDoctorError extends Error {
  override readonly name = 'NoDoctorError';
}

/** `trigger` 'sync' is the check before a sync; 'doctor' an operator's. Both are stored. */
export async function runDoctor(
  svc: Services,
  name: string,
  opts: { trigger: 'doctor' | 'sync'; signal?: AbortSignal },
): Promise<DoctorOutcome> {
  const { row, connector } = await getConnection(svc, name);
  if (!connector.doctor) throw new NoDoctorError(`${connector.title} has no doctor yet`);
  if (row.status === 'auth_failed') {
    throw new Error(
      `connection "${row.name}" is blocked: the platform rejected its credentials (${row.statusReason ?? 'no reason given'}). ` +
        `Fix them with \`switchboard connections update ${row.name} --secrets\`, or retry once with \`switchboard connections test ${row.name}\`.`,
    );
  }
  const report = await inspectConnection(svc, row, connector, opts.signal ?? new AbortController().signal);
  const [last] = await svc.store.doctor.history(row.id, 1);
  await svc.store.doctor.record({
    connectionId: row.id,
    checkedAt: new Date(report.checkedAt),
    trigger: opts.trigger,
    credentialVersion: row.credentialVersion,
    status: report.status,
    report,
  });
  const previous = last?.report as DoctorReport | undefined;
  return { report, previous, drift: previous ? drift(previous, report) : [] };
}

async function inspectConnection(
  svc: Services,
  row: ConnectionRow,
  connector: ConnectorDefinition,
  signal: AbortSignal,
): Promise<DoctorReport> {
  const features = connectionFeatures(connector, row.features);
  const needed = [...new Set(requirementsOf(connector, features).flatMap((r) => r.permissions))];
  const session = openSession(
    connector,
    { settings: row.settings, secrets: connectionSecrets(svc, row) },
    { signal, lockout: { store: svc.store.connections, connectionId: row.id, credentialVersion: row.credentialVersion } },
  );
  const base = { connection: row.name, platform: connector.id, credentialVersion: row.credentialVersion, features };
  let inspection: Inspection;
  try {
    inspection = await (connector.doctor as NonNullable<ConnectorDefinition['doctor']>).inspect(session, needed);
  } catch (err) {
    if (signal.aborted) throw err;
    const rejected = err instanceof CredentialRejectedError;
    // The same latch as a sync: a refused credential is not sent again until an operator changes it.
    if (rejected) await svc.store.connections.setStatus(row.id, 'auth_failed', err.reason, row.credentialVersion);
    const summary = rejected
      ? `${connector.title} rejected the credentials (${err.reason}); fix them with \`switchboard connections update ${row.name} --secrets\``
      : `could not check: ${err instanceof Error ? err.message : String(err)}`;
    return {
      ...base,
      checkedAt: new Date().toISOString(),
      credential: { status: rejected ? 'rejected' : 'error', summary, facts: {}, warnings: [] },
      results: features.map((feature) => ({
        feature,
        streams: streamsFor(connector, [feature]).map((s) => s.name),
        verdict: 'unknown' as const,
        checks: [],
      })),
      excessNote: 'not checked: the credential could not be used',
      status: 'failing',
    };
  } finally {
    await session.close();
  }
  const results = featureResults(connector, features, inspection);
  await nameRecordsOutOfReach(svc, row, inspection, results);
  const failing = results.some((r) => r.verdict === 'missing' || r.verdict === 'unavailable' || r.verdict === 'partial');
  return {
    ...base,
    checkedAt: new Date().toISOString(),
    credential: { ...inspection.credential, status: inspection.credential.warnings.length ? 'warning' : 'ok' },
    results,
    ...(inspection.granted
      ? { excess: excessGrants(connector, features, inspection) }
      : { excessNote: inspection.grantsNote ?? 'the platform does not list what the credential is granted' }),
    status: failing ? 'failing' : 'ok',
  };
}

/** A division out of reach is easier to act on with the queues it hides, as far as they were synced before. */
async function nameRecordsOutOfReach(svc: Services, row: ConnectionRow, inspection: Inspection, results: DoctorReport['results']) {
  for (const check of results.flatMap((r) => r.checks)) {
    const finding = inspection.permissions[check.permission];
    const spec = finding?.state === 'granted' ? finding.coverage?.records : undefined;
    if (!spec || !check.outOfReach?.length) continue;
    const names = await svc.store.doctor.namesBy(
      row.id,
      spec.entity,
      spec.field,
      check.outOfReach.map((u) => u.id),
    );
    for (const unit of check.outOfReach) if (names[unit.id]) unit.records = names[unit.id];
  }
}
