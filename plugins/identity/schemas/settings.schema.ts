import { Type } from 'typebox';
import { PRIORITY_KINDS } from '../constants.ts';

export const DEFAULT_BLOCKED_VALUES = ['', '0', 'null', 'undefined', 'anonymous', 'guest', 'unknown', 'none', 'n/a', 'test'];

/** The merge rules, per tenant (`PUT /api/plugins/identity {settings}`); defaults apply to missing keys. */
export const IdentitySettingsSchema = Type.Object({
  blockedValues: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 1000, default: DEFAULT_BLOCKED_VALUES, description: 'Identifier values never stitched (case-insensitive)' }),
  maxAnonymousIdsPerPerson: Type.Integer({ minimum: 1, maximum: 100_000, default: 50, description: 'Beyond this a new device is not merged in; a conflict is recorded' }),
  maxDeviceIdsPerPerson: Type.Integer({ minimum: 1, maximum: 100_000, default: 50 }),
  identifierPriority: Type.Array(Type.Enum([...PRIORITY_KINDS]), { uniqueItems: true, maxItems: PRIORITY_KINDS.length, default: [...PRIORITY_KINDS], description: 'Which person survives a merge; ties go to the older person' }),
  mergeOnEmail: Type.Boolean({ default: false, description: 'Stitch persons sharing an email hash (sha256 of the lowercased address from identify traits)' }),
}, { additionalProperties: false });
