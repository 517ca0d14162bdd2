import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * Pseudonym → value, for audited re-identification only. `_id` is the pseudonym itself (an HMAC under the tenant's
 * index key); the value is sealed with the tenant data key.
 */
export const PseudonymSpec: ModelSpec = {
  name: 'PrivacyPseudonym',
  collection: 'privacy_pseudonyms',
  idPrefix: 'psn_',
  fields: {
    value: { type: String, required: true, pii: 'identifier', encryptAtRest: true },
    domain: { type: String, required: true, pii: 'none' },
  },
};
