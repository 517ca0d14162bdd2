import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * One API instance's sync health for one tenant and minute (insert-only: concurrent `$inc` loses writes on
 * FerretDB v1). Convergence times are kept as counts per fixed log-scale bucket, so the console merges instances
 * and minutes exactly and reads p50/p99 from the merged histogram.
 */
export const SyncHealthSpec: ModelSpec = {
  name: 'SyncHealth',
  collection: 'sync_health',
  idPrefix: 'shl_',
  fields: {
    minute: { type: Date, required: true, pii: 'none' },
    instance: { type: String, required: true, pii: 'none' },
    /** Counts per bucket of CONVERGENCE_BUCKETS_MS (JSON array of numbers, same length + 1 overflow). */
    convergenceJson: { type: String, default: '[]', pii: 'none' },
    commits: { type: Number, default: 0, pii: 'none' },
    resyncs: { type: Number, default: 0, pii: 'none' },
    digestMismatches: { type: Number, default: 0, pii: 'none' },
    connectedDevices: { type: Number, default: 0, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, minute: -1 }]],
  retention: { field: 'minute', days: 30 },
};
