import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * A person of a tenant's identity graph. Absorbed persons stay as tombstones (`mergedInto`, no identifiers) so
 * old ids keep resolving. Traits are split by category so the privacy layer can tell them apart; any other
 * identify trait lands in `traits.other`.
 */
export const PersonSpec: ModelSpec = {
  name: 'Person',
  collection: 'identity_persons',
  idPrefix: 'prs_',
  fields: {
    userId: { type: String, default: null, pii: 'identifier' },
    traits: {
      // Blind-indexed: privacy requests (and the console) find a person by e-mail address without decrypting.
      email: { type: String, pii: 'email', lookup: true },
      name: { type: String, pii: 'name' },
      phone: { type: String, pii: 'phone', lookup: true },
      address: { type: Object, pii: 'address' },
      other: { type: Object, pii: 'free_text' },
    },
    channels: { type: [String], default: [], pii: 'none' },
    identifierCount: { type: Number, default: 0, min: 0, pii: 'none' },
    firstSeenAt: { type: Date, default: null, pii: 'none' },
    lastSeenAt: { type: Date, default: null, pii: 'none' },
    mergedInto: { type: String, default: null, pii: 'identifier' },
  },
  // Traits are sealed with the person's own key: shredding it on erasure makes every copy unreadable.
  personPath: '_id',
  indexes: [
    [{ tenantId: 1, mergedInto: 1, lastSeenAt: -1 }],
    [{ tenantId: 1, userId: 1 }],
  ],
};
