import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * Pointer from (tenant, kind, ref) to the live key record (`privacy_key_refs`). Its `_id` is derived from the ref,
 * so finding a person's key is one lookup by `_id` (the only filter FerretDB v1 pushes down to SQLite; a query on
 * (tenantId, kind, ref) would scan every key). Shredding deletes the pointer: a returning person gets a new key.
 */
export const KeyRefSpec: ModelSpec = {
  name: 'PrivacyKeyRef',
  collection: 'privacy_key_refs',
  idPrefix: 'kr_',
  fields: {
    keyId: { type: String, required: true, pii: 'none' },
  },
};
