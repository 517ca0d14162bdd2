import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * One person's replicated state (cart, wishlist, recently viewed, preferences, resume points) per tenant. `_id` is
 * derived from (tenant, personKey) so every read is a lookup by primary key (the only filter FerretDB v1 pushes
 * down). The CRDT state and the newest commits are stored as JSON strings: product ids may contain `.` or `$` and
 * line keys a NUL, none of which are valid field names. `seq` is the last commit folded in; commits after it are
 * in `sync_commits` (a reader folds them in, so a snapshot write that loses a race costs nothing).
 */
export const SyncStateSpec: ModelSpec = {
  name: 'SyncState',
  collection: 'sync_states',
  idPrefix: 'sst_',
  fields: {
    personKey: { type: String, required: true, maxlength: 200, pii: 'identifier' },
    personId: { type: String, default: null, pii: 'identifier' },
    seq: { type: Number, required: true, min: 0, pii: 'none' },
    stateJson: { type: String, required: true, pii: 'behavioral' },
    /** The newest commits (JSON array of {seq, at, deviceId, ops, snapshot?}), for resume and the console. */
    recentJson: { type: String, default: '[]', pii: 'behavioral' },
    /** Set when this state was merged into another person's (identity merge); readers follow it. */
    movedTo: { type: String, default: null, pii: 'identifier' },
    summary: {
      cartLines: { type: Number, default: 0, pii: 'none' },
      cartQuantity: { type: Number, default: 0, pii: 'none' },
      wishlistItems: { type: Number, default: 0, pii: 'none' },
    },
  },
  indexes: [[{ tenantId: 1, updatedAt: -1 }], [{ tenantId: 1, personId: 1 }]],
  retention: { field: 'updatedAt', days: 400 },
};
