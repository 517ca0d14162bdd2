import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import { REQUEST_KINDS, REQUEST_STATUSES, SUBJECT_KINDS } from './request-types.ts';

/**
 * A data-subject request (privacy_requests). What could hold personal data is declared so: the identifier the
 * request names (`subject.value`, may be an e-mail address), corrections, step errors (a plugin's message may quote
 * anything) are free text, sealed at rest by the field encryption; the resolved ids are identifiers. Once an
 * erasure completes, the subject is scrubbed down to a digest: the receipt stays, the person does not.
 */
export const PrivacyRequestSpec: ModelSpec = {
  name: 'PrivacyRequest',
  collection: 'privacy_requests',
  idPrefix: 'dsr_',
  fields: {
    kind: { type: String, enum: REQUEST_KINDS, required: true, pii: 'none' },
    status: { type: String, enum: REQUEST_STATUSES, required: true, default: 'received', pii: 'none' },
    subject: {
      kind: { type: String, enum: SUBJECT_KINDS, required: true, pii: 'none' },
      value: { type: String, default: null, pii: 'free_text' },
      /** sha256 of kind + value: tells two requests about the same identifier apart after scrubbing. */
      digest: { type: String, required: true, pii: 'none' },
    },
    /** The subject as resolved on the first run (see ResolvedSubject); `values` flattens every id for lookups and scans. */
    resolved: {
      personId: { type: String, default: null, pii: 'identifier' },
      personIds: { type: [String], default: [], pii: 'identifier' },
      identifiers: { type: Object, default: null, pii: 'identifier' },
      values: { type: [String], default: [], pii: 'identifier' },
    },
    /** Rectification: the corrected profile values. Cleared when the request completes. */
    corrections: { type: Object, default: null, pii: 'free_text' },
    correctedFields: { type: [String], default: [], pii: 'none' },
    note: { type: String, default: null, pii: 'free_text' },
    requestedBy: { kind: { type: String, required: true, pii: 'none' }, id: { type: String, required: true, pii: 'identifier' } },
    receivedAt: { type: Date, required: true, pii: 'none' },
    dueAt: { type: Date, required: true, pii: 'none' },
    startedAt: { type: Date, default: null, pii: 'none' },
    completedAt: { type: Date, default: null, pii: 'none' },
    overdue: { type: Boolean, default: false, pii: 'none' },
    reminders: { type: [Object], default: [], pii: 'none' },
    steps: { type: Object, default: [], pii: 'free_text' },
    lastError: { type: String, default: null, pii: 'free_text' },
    /** Verification findings of the last erasure run: collection, path and count only. */
    findings: { type: [Object], default: [], pii: 'none' },
    /** Job runs started (each retry from the console is a run; BullMQ attempts are inside a run). */
    runs: { type: Number, default: 0, pii: 'none' },
    attempts: { type: Number, default: 0, pii: 'none' },
    jobId: { type: String, default: null, pii: 'none' },
    exportInfo: { type: Object, default: null, pii: 'none' },
    receipt: { type: Object, default: null, pii: 'none' },
    receiptHash: { type: String, default: null, pii: 'none' },
  },
  indexes: [
    [{ tenantId: 1, receivedAt: -1 }],
    [{ tenantId: 1, status: 1, dueAt: 1 }],
    [{ tenantId: 1, 'subject.digest': 1 }],
    [{ tenantId: 1, 'resolved.values': 1 }],
  ],
};

/**
 * An access request's archive (privacy_exports), in parts of at most PART_CHARS base64 characters (the store's
 * document limit). `content` is free text: sealed at rest, with the person's own key (`personPath`), so erasing the
 * person shreds every archive made for them.
 */
export const PrivacyExportSpec: ModelSpec = {
  name: 'PrivacyExport',
  collection: 'privacy_exports',
  idPrefix: 'dsx_',
  personPath: 'personId',
  fields: {
    requestId: { type: String, required: true, pii: 'none' },
    personId: { type: String, default: null, pii: 'identifier' },
    part: { type: Number, required: true, pii: 'none' },
    content: { type: String, required: true, pii: 'free_text' },
    expiresAt: { type: Date, required: true, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, requestId: 1, part: 1 }, { unique: true }], [{ tenantId: 1, expiresAt: 1 }]],
};

/** Per-tenant deadlines of requests (privacy_request_settings, one document per tenant). */
export const PrivacyRequestSettingsSpec: ModelSpec = {
  name: 'PrivacyRequestSettings',
  collection: 'privacy_request_settings',
  idPrefix: 'dss_',
  fields: {
    dueDays: { type: Number, required: true, pii: 'none' },
    reminderDays: { type: Number, required: true, pii: 'none' },
    exportTtlDays: { type: Number, required: true, pii: 'none' },
  },
  // One document per tenant by construction: its `_id` is derived from the tenant (request-settings.ts).
};
