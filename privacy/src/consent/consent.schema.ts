import { Type, type TSchema } from 'typebox';
import { PURPOSE_PATTERN } from './purposes.ts';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Nullable(Type.String({ format: 'date-time' }));

export const PurposeName = Type.String({ pattern: PURPOSE_PATTERN, description: 'A purpose name, e.g. marketing' });
export const PurposeParams = Type.Object({ purpose: Type.String({ minLength: 1, maxLength: 60 }) });
export const PurposeDefaultSchema = Type.Union([Type.Literal('required'), Type.Literal('opt-out'), Type.Literal('opt-in')], {
  description: 'required: always on (necessary); opt-out: on until withdrawn; opt-in: off until granted',
});

export const PurposeVersionSchema = Type.Object({
  purpose: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  text: Type.String(),
  textHash: Type.String({ description: 'SHA-256 of the text (hex): what consent records store as proof' }),
  publishedAt: Instant,
  publishedBy: Nullable(Type.String()),
  builtin: Type.Boolean({ description: 'Version 1: the built-in text, until the tenant publishes its own' }),
});

export const PurposeViewSchema = Type.Object({
  id: Type.String(),
  purpose: Type.String(),
  source: Type.Union([Type.Literal('base'), Type.Literal('plugin')]),
  plugins: Type.Array(Type.String()),
  default: PurposeDefaultSchema,
  versions: Type.Integer(),
  current: PurposeVersionSchema,
});

export const PurposeDetailSchema = Type.Object({ ...PurposeViewSchema.properties, history: Type.Array(PurposeVersionSchema) });

export const PublishBody = Type.Object({
  text: Type.String({ minLength: 10, maxLength: 20_000 }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

/** `{"marketing": true, "analytics": false}` */
export const Choices = Type.Record(Type.String(), Type.Boolean(), { minProperties: 1, maxProperties: 50, description: 'purpose → granted' });
export const Versions = Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { maxProperties: 50, description: 'purpose → text version the person saw (default: current)' });

export const PurposeStateSchema = Type.Object({
  granted: Type.Boolean(),
  basis: Type.String({ description: 'necessary, granted, denied, default-allow or default-deny' }),
  at: Instant,
  version: Nullable(Type.Integer()),
  source: Nullable(Type.String()),
  channel: Nullable(Type.String()),
});

export const PublicPurposeStateSchema = Type.Object({ granted: Type.Boolean(), basis: Type.String(), at: Instant, version: Nullable(Type.Integer()) });

/** What a device learns about its person's consent (GET /v1/consent, socket frames). No person id, no other device. */
export const PublicStateSchema = Type.Object({
  purposes: Type.Record(Type.String(), Type.Boolean()),
  records: Type.Record(Type.String(), PublicPurposeStateSchema),
});

const KeyParam = Type.Optional(Type.String({ maxLength: 200, description: 'Publishable key, for clients that cannot set headers (WebSocket, simple GETs)' }));
export const KeyQuery = Type.Object({ key: KeyParam }, { additionalProperties: false });
export const DeviceQuery = Type.Object({ anonymousId: Id, userId: Type.Optional(Id), key: KeyParam }, { additionalProperties: false });

export const PublicRecordBody = Type.Object({
  anonymousId: Id,
  userId: Type.Optional(Id),
  deviceId: Type.Optional(Id),
  purposes: Choices,
  versions: Type.Optional(Versions),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{2,40}$' })),
  device: Type.Optional(Type.Object({ screen: Type.Optional(Type.Union(['phone', 'tablet', 'desktop', 'watch', 'tv'].map((s) => Type.Literal(s)))) }, { additionalProperties: false })),
}, { additionalProperties: false });

export const PublicRecordResult = Type.Object({
  changed: Type.Array(Type.String()),
  unchanged: Type.Array(Type.String()),
  stale: Type.Array(Type.String()),
  ...PublicStateSchema.properties,
});

export const PublicPurposesResult = Type.Object({
  purposes: Type.Array(Type.Object({
    purpose: Type.String(), title: Type.String(), description: Type.String(), text: Type.String(), version: Type.Integer(), textHash: Type.String(),
    default: PurposeDefaultSchema,
  })),
});

/** Admin/server-side recording (`POST /api/plugins/privacy/consent/records`): any one of the ids. */
export const AdminRecordBody = Type.Object({
  personId: Type.Optional(Id),
  userId: Type.Optional(Id),
  anonymousId: Type.Optional(Id),
  purposes: Choices,
  versions: Type.Optional(Versions),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{2,40}$' })),
}, { additionalProperties: false });

export const SubjectQuery = Type.Object({
  personId: Type.Optional(Id),
  userId: Type.Optional(Id),
  anonymousId: Type.Optional(Id),
}, { additionalProperties: false });

export const HistoryEntrySchema = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  subjectKind: Type.String(),
  personId: Nullable(Type.String()),
  subjects: Type.Array(Type.String()),
  purpose: Type.String(),
  granted: Type.Boolean(),
  previous: Nullable(Type.Boolean()),
  at: Instant,
  recordedAt: Instant,
  source: Type.String(),
  channel: Nullable(Type.String()),
  anonymousId: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  screen: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
  textHash: Nullable(Type.String()),
  eventId: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  keyId: Nullable(Type.String()),
  userAgentHash: Nullable(Type.String()),
  actorKind: Nullable(Type.String()),
  actorId: Nullable(Type.String()),
});

export const SubjectStateResult = Type.Object({
  personId: Nullable(Type.String()),
  purposes: Type.Record(Type.String(), PurposeStateSchema),
  history: Type.Array(HistoryEntrySchema),
});

export const StatsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
}, { additionalProperties: false });

const Rate = Type.Object({ granted: Type.Integer(), denied: Type.Integer(), rate: Nullable(Type.Number({ description: 'granted / (granted + denied); null without records' })) });

export const StatsResult = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  purposes: Type.Array(Type.Object({ purpose: Type.String(), default: PurposeDefaultSchema, ...Rate.properties })),
  channels: Type.Array(Type.Object({ channel: Type.String(), purpose: Type.String(), ...Rate.properties })),
  timeline: Type.Array(Type.Object({ day: Type.String({ description: 'YYYY-MM-DD (UTC)' }), purpose: Type.String(), granted: Type.Integer(), withdrawn: Type.Integer() })),
  totals: Type.Object({ subjects: Type.Integer(), records: Type.Integer(), changes: Type.Integer() }),
  truncated: Type.Boolean({ description: 'More records or changes than the dashboard reads (it then counts the newest ones)' }),
});
