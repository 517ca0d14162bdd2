import type { ModelSpec } from '../../../server/src/db/define-model.ts';

export const RETENTION_TRIGGERS = ['schedule', 'manual'] as const;
export const RETENTION_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/**
 * One retention run for one tenant (privacy_retention_runs): what each policy deleted. `results` holds one entry per
 * swept collection: `{collection, field, days, cutoff, deleted, more}` (`more`: the per-run batch limit was reached,
 * the next run goes on). Counts and names only, never document content.
 */
export const RetentionRunSpec: ModelSpec = {
  name: 'PrivacyRetentionRun',
  collection: 'privacy_retention_runs',
  idPrefix: 'rtr_',
  fields: {
    trigger: { type: String, enum: RETENTION_TRIGGERS, required: true, pii: 'none' },
    status: { type: String, enum: RETENTION_RUN_STATUSES, required: true, pii: 'none' },
    requestedBy: { type: String, default: null, pii: 'identifier' },
    jobId: { type: String, default: null, pii: 'none' },
    startedAt: { type: Date, default: null, pii: 'none' },
    finishedAt: { type: Date, default: null, pii: 'none' },
    results: { type: Array, default: [], pii: 'none' },
    deleted: { type: Number, default: 0, pii: 'none' },
    error: { type: String, default: null, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, createdAt: -1 }]],
  // Run history: a year and a month.
  retention: { field: 'createdAt', days: 395 },
};
