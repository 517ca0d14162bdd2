import { Type } from 'typebox';
import { ListQuery } from '../../../server/src/schemas/common.ts';
import { CONFLICT_RULES, MERGE_ACTIONS, MERGE_CAUSES } from '../constants.ts';

const Iso = Type.String({ format: 'date-time' });
const IsoOrNull = Type.Union([Iso, Type.Null()]);
const StrOrNull = Type.Union([Type.String(), Type.Null()]);
const Json = Type.Record(Type.String(), Type.Unknown());
const Device = Type.Object({ os: Type.Optional(Type.String()), appVersion: Type.Optional(Type.String()), screen: Type.Optional(Type.String()) });

/** `{kind, value}`; the kind is checked in code (user_id, anonymous_id, device_id, email_hash, external:<ns>) for a precise error. */
export const IdentifierRefBody = Type.Object({
  kind: Type.String({ minLength: 1, maxLength: 60 }),
  value: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

const personFields = {
  id: Type.String(),
  userId: StrOrNull,
  channels: Type.Array(Type.String()),
  identifierCount: Type.Integer(),
  firstSeenAt: IsoOrNull,
  lastSeenAt: IsoOrNull,
  traits: Json,
  mergedInto: StrOrNull,
  createdAt: Iso,
  updatedAt: Iso,
};
export const PersonRecord = Type.Object(personFields);

export const IdentifierRecord = Type.Object({
  id: Type.String(), kind: Type.String(), value: Type.String(), personId: Type.String(), channel: StrOrNull,
  device: Type.Union([Device, Type.Null()]), firstSeenAt: IsoOrNull, lastSeenAt: IsoOrNull, splitAt: IsoOrNull,
});

export const DeviceRecord = Type.Object({
  id: Type.String(), kind: Type.String(), anonymousId: StrOrNull, deviceId: StrOrNull, channel: StrOrNull,
  os: StrOrNull, appVersion: StrOrNull, screen: StrOrNull, firstSeenAt: IsoOrNull, lastSeenAt: IsoOrNull,
});

export const PersonDetail = Type.Object({ ...personFields, identifiers: Type.Array(IdentifierRecord), devices: Type.Array(DeviceRecord) });

export const MergeRecord = Type.Object({
  id: Type.String(), action: Type.Enum([...MERGE_ACTIONS]), fromPersonId: StrOrNull, intoPersonId: StrOrNull, identifiers: Type.Array(Type.String()),
  cause: Type.Enum([...MERGE_CAUSES]), rule: Type.Union([Type.Enum([...CONFLICT_RULES]), Type.Null()]), eventId: StrOrNull, actor: StrOrNull, at: Iso,
});

export const EventRecord = Type.Object({
  id: Type.String(), eventId: Type.String(), type: Type.String(), anonymousId: StrOrNull, userId: StrOrNull, deviceId: StrOrNull,
  personId: StrOrNull, channel: Type.String(), device: Type.Union([Device, Type.Null()]), timestamp: Iso, receivedAt: Iso,
  properties: Json, traits: Type.Union([Json, Type.Null()]), context: Type.Union([Json, Type.Null()]),
});

export const PersonsQuery = Type.Object({
  ...ListQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 254, description: 'Any identifier value (exact), a person id, or an email address (hashed); same as filter.q' })),
  channel: Type.Optional(Type.String({ maxLength: 40, description: 'Same as filter.channel' })),
});

export const MergesQuery = Type.Object({
  ...ListQuery.properties,
  action: Type.Optional(Type.Enum([...MERGE_ACTIONS])),
});

export const PersonEventsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  before: Type.Optional(Type.String({ format: 'date-time', description: 'Only events received before this instant (paging backwards)' })),
});

export const ResolveQuery = Type.Object({
  kind: Type.String({ minLength: 1, maxLength: 60, description: 'user_id, anonymous_id, device_id, email_hash, external:<ns>, or email (hashed for you)' }),
  value: Type.String({ minLength: 1, maxLength: 254 }),
});
export const ResolveResult = Type.Object({ personId: Type.String() });

export const AliasBody = Type.Object({ from: IdentifierRefBody, to: IdentifierRefBody }, { additionalProperties: false });

export const SplitBody = Type.Object({
  identifiers: Type.Array(Type.String({ minLength: 3, maxLength: 260 }), { minItems: 1, maxItems: 500, description: '"kind:value" of each identifier to move' }),
}, { additionalProperties: false });
export const SplitResult = Type.Object({ personId: Type.String(), newPersonId: Type.String() });
