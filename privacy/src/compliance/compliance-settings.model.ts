import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/** Key-age limits the privacy audit checks against, when a tenant has not set its own. */
export const DEFAULT_COMPLIANCE_SETTINGS = { keyMaxAgeDays: 90, masterKeyMaxAgeDays: 365 } as const;
export type ComplianceSettings = { keyMaxAgeDays: number; masterKeyMaxAgeDays: number };

/** A tenant's privacy-audit thresholds (privacy_compliance_settings), one document per tenant. */
export const ComplianceSettingsSpec: ModelSpec = {
  name: 'PrivacyComplianceSettings',
  collection: 'privacy_compliance_settings',
  idPrefix: 'pcs_',
  fields: {
    keyMaxAgeDays: { type: Number, required: true, min: 1, pii: 'none' },
    masterKeyMaxAgeDays: { type: Number, required: true, min: 1, pii: 'none' },
    updatedBy: { type: String, default: null, pii: 'identifier' },
  },
  indexes: [[{ tenantId: 1 }, { unique: true }]],
};
