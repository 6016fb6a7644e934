import { describe, expect, it } from 'vitest';
import { drift } from './drift.ts';
import type { DoctorReport, PermissionCheck } from './types.ts';

const check = (state: PermissionCheck['state'], outOfReach: PermissionCheck['outOfReach'] = []): PermissionCheck => ({
  permission: 'routing:queue:view',
  label: 'Routing > Queue > View',
  state,
  evidence: state === 'granted' ? 'granted in divisions Home' : 'held in no division',
  unit: 'division',
  outOfReach,
});

const report = (c: PermissionCheck, extra: Partial<DoctorReport> = {}): DoctorReport => ({
  connection: 'prod',
  platform: 'genesys-cloud',
  checkedAt: '2024-06-01T10:00:00.000Z',
  credentialVersion: 1,
  features: ['queues'],
  credential: { status: 'ok', summary: 'client', facts: { tokenLifetimeSeconds: 3600 }, warnings: [] },
  results: [{ feature: 'queues', streams: ['queues'], verdict: c.state === 'granted' ? 'ok' : 'missing', checks: [c] }],
  excess: [],
  status: 'ok',
  ...extra,
});

describe('drift', () => {
  it('names a division that went out of reach, and one that came back', () => {
    const sales = { id: 'd2', name: 'Sales', holds: '3 queues' };
    expect(drift(report(check('granted')), report(check('granted', [sales])))).toEqual([
      { kind: 'coverage', bad: true, text: 'division Sales (3 queues) is out of reach of routing:queue:view' },
    ]);
    expect(drift(report(check('granted', [sales])), report(check('granted'))).map((d) => d.text)).toEqual([
      'division Sales is now within reach of routing:queue:view',
    ]);
  });

  it('reports a lost permission once, not the reach it no longer has', () => {
    const before = report(check('granted', [{ id: 'd2', name: 'Sales' }]));
    expect(drift(before, report(check('missing'))).map((d) => [d.kind, d.bad])).toEqual([['lost', true]]);
  });

  it('reports new grants beyond the features, credential facts and warnings', () => {
    const after = report(check('granted'), {
      excess: [{ permission: 'routing:queue:edit', label: 'Edit', level: 'write', high: true, why: 'no chosen feature uses it' }],
      credential: {
        status: 'warning',
        summary: 'client',
        facts: { tokenLifetimeSeconds: 172800 },
        warnings: ['tokens are valid for 48 h'],
      },
    });
    expect(drift(report(check('granted')), after).map((d) => `${d.bad ? '!' : '-'} ${d.text}`)).toEqual([
      '- credential ok → warning: client',
      '! now also granted: routing:queue:edit (Edit, write; no chosen feature uses it)',
      '- tokenLifetimeSeconds: 3600 → 172800',
      '! new warning: tokens are valid for 48 h',
    ]);
  });

  it('compares no grants across a check whose credential was refused', () => {
    const refused = report(check('missing'), {
      credential: { status: 'rejected', summary: 'invalid_client', facts: {}, warnings: [] },
    });
    expect(drift(report(check('granted')), refused)).toEqual([
      { kind: 'credential', bad: true, text: 'credential ok → rejected: invalid_client' },
    ]);
  });
});
