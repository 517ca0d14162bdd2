import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import { CONFLICT_RULES, MERGE_ACTIONS, MERGE_CAUSES } from '../constants.ts';

/**
 * The graph's history: merges, operator splits and conflicts (a merge the rules refused). `dedupeKey` is unique
 * per tenant: a merge or split uses its own id, a conflict a digest of what was refused, so the same refusal
 * repeated by every later event is recorded once (an insert that loses on the unique index, no lock needed).
 */
export const MergeRecordSpec: ModelSpec = {
  name: 'MergeRecord',
  collection: 'identity_merges',
  idPrefix: 'mrg_',
  fields: {
    action: { type: String, enum: MERGE_ACTIONS, required: true, pii: 'none' },
    fromPersonId: { type: String, default: null, pii: 'identifier' },
    intoPersonId: { type: String, default: null, pii: 'identifier' },
    identifiers: { type: [String], default: [], pii: 'identifier' },
    cause: { type: String, enum: MERGE_CAUSES, required: true, pii: 'none' },
    rule: { type: String, enum: [...CONFLICT_RULES, null], default: null, pii: 'none' },
    eventId: { type: String, default: null, pii: 'none' },
    actor: { type: String, default: null, pii: 'none' },
    at: { type: Date, required: true, pii: 'none' },
    dedupeKey: { type: String, required: true, pii: 'none' },
  },
  indexes: [
    [{ tenantId: 1, dedupeKey: 1 }, { unique: true }],
    [{ tenantId: 1, at: -1 }],
    [{ tenantId: 1, fromPersonId: 1 }],
    [{ tenantId: 1, intoPersonId: 1 }],
  ],
  // Merge history explains the graph; two years, then the graph itself (persons, identifiers) is what remains.
  retention: { field: 'at', days: 730 },
};
