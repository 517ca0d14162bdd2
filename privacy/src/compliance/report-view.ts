import { AUDIT_CHECKS, type CheckOutcome, type Finding, type SeverityCounts } from './finding.ts';

/** A stored report as the HTML/PDF renderers and the API read it. */
export interface AuditReportView {
  id: string;
  tenantId: string;
  ranAt: string;
  actor: { kind: string; id: string };
  settings: { keyMaxAgeDays: number; masterKeyMaxAgeDays: number };
  summary: SeverityCounts;
  checks: CheckOutcome[];
  findings: Finding[];
}

export function toReportView(d: any): AuditReportView {
  return {
    id: d._id, tenantId: d.tenantId, ranAt: new Date(d.ranAt).toISOString(), actor: { kind: d.actorKind, id: d.actorId },
    settings: d.settings ?? {}, summary: { high: 0, medium: 0, low: 0, info: 0, total: 0, ...(d.summary ?? {}) },
    checks: d.checks ?? [], findings: d.findings ?? [],
  };
}

/** Human names of the checks, for the HTML and PDF reports. */
export const CHECK_TITLES: Record<(typeof AUDIT_CHECKS)[number], string> = {
  encryption: 'Personal data encrypted at rest',
  purposes: 'Plugins declare why they process personal data',
  retention: 'Retention policies applied',
  requests: 'Data-subject requests answered in time',
  keys: 'Encryption keys rotated',
  'audit-chain': 'Audit log intact',
};
