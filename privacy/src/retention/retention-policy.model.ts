import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * A tenant's retention override for one collection (privacy_retention_policies): replaces the model's declared
 * default (`ModelSpec.retention`), adds a policy where none is declared, or switches the declared one off
 * (`enabled: false`). One per tenant and collection.
 */
export const RetentionPolicySpec: ModelSpec = {
  name: 'PrivacyRetentionPolicy',
  collection: 'privacy_retention_policies',
  idPrefix: 'rtp_',
  fields: {
    collectionName: { type: String, required: true, pii: 'none' },
    field: { type: String, required: true, pii: 'none' },
    days: { type: Number, required: true, min: 0, pii: 'none' },
    enabled: { type: Boolean, default: true, pii: 'none' },
    /** The user or API key that set it (an id). */
    updatedBy: { type: String, default: null, pii: 'identifier' },
  },
  indexes: [[{ tenantId: 1, collectionName: 1 }, { unique: true }]],
};
