import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * The op log: one document per commit of a person, `_id` derived from (tenant, personKey, seq). Inserting it is how
 * a writer claims the next seq: two writers (two API instances) racing for one seq hit the unique `_id`, one wins,
 * the other re-reads and retries. An op is acknowledged only after its commit is inserted, so a restart loses no
 * acknowledged op. Bounded per person by the tenant's `opLogRetention` (older commits deleted as new ones land).
 */
export const SyncCommitSpec: ModelSpec = {
  name: 'SyncCommit',
  collection: 'sync_commits',
  idPrefix: 'scm_',
  fields: {
    personKey: { type: String, required: true, maxlength: 200, pii: 'identifier' },
    seq: { type: Number, required: true, min: 1, pii: 'none' },
    deviceId: { type: String, default: null, pii: 'device_id' },
    /** JSON array of the ops (or, for a re-key, `{snapshot: state}`). */
    opsJson: { type: String, required: true, pii: 'behavioral' },
    at: { type: Date, required: true, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, personKey: 1, seq: -1 }]],
  retention: { field: 'at', days: 90 },
};
