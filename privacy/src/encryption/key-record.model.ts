import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * Key records (privacy_keys): wrapped keys only, never key material in clear. `_id` is the key id envelopes carry
 * (`tdk_`, `tik_`, `pk_` + hex). `ref` is unique per tenant + kind (the person id for live person keys); shredding
 * replaces it with `shredded:<id>`, so a returning person gets a new key and the record keeps no person id.
 */
export const KeyRecordSpec: ModelSpec = {
  name: 'PrivacyKey',
  collection: 'privacy_keys',
  idPrefix: 'key_',
  fields: {
    kind: { type: String, required: true, enum: ['tenant-data', 'tenant-index', 'person'], pii: 'none' },
    ref: { type: String, required: true, pii: 'identifier' },
    version: { type: Number, required: true, pii: 'none' },
    status: { type: String, required: true, enum: ['active', 'retired', 'shredded'], pii: 'none' },
    wrappedBy: { type: String, required: true, pii: 'none' },
    wrapped: { type: String, default: null, pii: 'none' },
    shreddedAt: { type: Date, default: null, pii: 'none' },
  },
  indexes: [
    [{ tenantId: 1, kind: 1, ref: 1 }, { unique: true }],
    [{ wrappedBy: 1 }],
  ],
};
