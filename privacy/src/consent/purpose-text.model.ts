import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * Published consent texts (privacy_purposes): one document per (tenant, purpose, version); a new text is a new
 * version, never an edit, so every consent record keeps pointing at the words the person saw. Version 1 of each
 * purpose is the built-in text (privacy/src/consent/purposes.ts) until a tenant publishes its own as version 2.
 */
export const PurposeTextSpec: ModelSpec = {
  name: 'PurposeText',
  collection: 'privacy_purposes',
  idPrefix: 'ppt_',
  fields: {
    purpose: { type: String, required: true, pii: 'none' },
    version: { type: Number, required: true, pii: 'none' },
    title: { type: String, required: true, pii: 'none' },
    description: { type: String, default: '', pii: 'none' },
    text: { type: String, required: true, pii: 'none' },
    textHash: { type: String, required: true, pii: 'none' },
    publishedAt: { type: Date, required: true, pii: 'none' },
    /** The user who published it (an id). */
    publishedBy: { type: String, default: null, pii: 'identifier' },
  },
  indexes: [[{ tenantId: 1, purpose: 1, version: 1 }, { unique: true }]],
};
