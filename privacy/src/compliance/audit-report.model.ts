import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * A privacy audit report (privacy_audit_reports): the findings of one run of every check, with who ran it. Findings
 * carry names, counts and ids only (see finding.ts). Kept three years as compliance evidence.
 */
export const AuditReportSpec: ModelSpec = {
  name: 'PrivacyAuditReport',
  collection: 'privacy_audit_reports',
  idPrefix: 'par_',
  fields: {
    ranAt: { type: Date, required: true, pii: 'none' },
    actorKind: { type: String, required: true, pii: 'none' },
    actorId: { type: String, required: true, pii: 'identifier' },
    /** The thresholds the checks used (key age limits). */
    settings: { type: Object, default: () => ({}), pii: 'none' },
    summary: { type: Object, default: () => ({}), pii: 'none' },
    checks: { type: Array, default: [], pii: 'none' },
    findings: { type: Array, default: [], pii: 'none' },
  },
  indexes: [[{ tenantId: 1, ranAt: -1 }]],
  retention: { field: 'ranAt', days: 1095 },
};
