import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * One identifier of a person. The unique index on (tenantId, kind, value) is the graph's atomic primitive: two
 * flows that see a new identifier at once race on the insert and exactly one wins (the other reads the winner).
 * `splitAt` pins an identifier an operator split off: only an identify received after it may merge it again.
 */
export const IdentifierSpec: ModelSpec = {
  name: 'Identifier',
  collection: 'identity_identifiers',
  idPrefix: 'idn_',
  fields: {
    kind: { type: String, required: true, match: /^(user_id|anonymous_id|device_id|email_hash|external:[a-z0-9_-]{1,40})$/, pii: 'none' },
    value: { type: String, required: true, maxlength: 200, pii: 'identifier' },
    personId: { type: String, required: true, pii: 'identifier' },
    firstSeenAt: { type: Date, default: null, pii: 'none' },
    lastSeenAt: { type: Date, default: null, pii: 'none' },
    channel: { type: String, default: null, pii: 'none' },
    device: {
      os: { type: String, pii: 'none' },
      appVersion: { type: String, pii: 'none' },
      screen: { type: String, pii: 'none' },
    },
    splitAt: { type: Date, default: null, pii: 'none' },
    splitFrom: { type: String, default: null, pii: 'identifier' },
  },
  indexes: [
    [{ tenantId: 1, kind: 1, value: 1 }, { unique: true }],
    [{ tenantId: 1, personId: 1 }],
    [{ tenantId: 1, value: 1 }],
  ],
};
