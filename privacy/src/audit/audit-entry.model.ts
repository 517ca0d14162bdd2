import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * One audit entry (append-only; privacy_audit). `tenantId` names the chain: a tenant's id, or PLATFORM_CHAIN for
 * platform-level actions. Actor and target are stored flat (filterable, no mongoose `type` key clash) and exposed
 * nested. The unique (tenantId, seq) index is what serialises concurrent appends: see audit-log.ts.
 */
export const AuditEntrySpec: ModelSpec = {
  name: 'AuditEntry',
  collection: 'privacy_audit',
  idPrefix: 'aud_',
  fields: {
    seq: { type: Number, required: true, pii: 'none' },
    at: { type: Date, required: true, pii: 'none' },
    actorKind: { type: String, required: true, pii: 'none' },
    /** A user, API key or plugin id: pseudonymous, never an e-mail or name. */
    actorId: { type: String, required: true, pii: 'identifier' },
    action: { type: String, required: true, pii: 'none' },
    targetType: { type: String, required: true, pii: 'none' },
    targetId: { type: String, required: true, pii: 'identifier' },
    /** Ids and flags only (checked on record: no e-mail-like strings, no nested objects). */
    details: { type: Object, default: () => ({}), pii: 'none' },
    prevHash: { type: String, required: true, pii: 'none' },
    hash: { type: String, required: true, pii: 'none' },
  },
  indexes: [
    [{ tenantId: 1, seq: 1 }, { unique: true }],
    [{ tenantId: 1, action: 1 }],
  ],
};
