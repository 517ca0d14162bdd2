import { Type } from 'typebox';
import { ListQuery } from '../../../server/src/schemas/common.ts';
import { RECTIFIABLE_FIELDS, REQUEST_KINDS, REQUEST_STATUSES, STEP_STATUSES, SUBJECT_KINDS } from './request-types.ts';

const Enum = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Str = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

export const SubjectInput = Type.Object({
  kind: Enum(SUBJECT_KINDS),
  value: Str(320, 'The identifier as the person gave it: a user id, an anonymous (device) id, an e-mail address or a person id'),
}, { additionalProperties: false });

export const CorrectionsInput = Type.Object({
  email: Type.Optional(Str(320)),
  name: Type.Optional(Str(200)),
  phone: Type.Optional(Str(40)),
  address: Type.Optional(Type.Union([Str(500), Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' }), Type.String({ maxLength: 200 }), { maxProperties: 12 })])),
}, { additionalProperties: false, description: `Rectification only: corrected profile values (${RECTIFIABLE_FIELDS.join(', ')})` });

export const CreateRequestBody = Type.Object({
  kind: Enum(REQUEST_KINDS),
  subject: SubjectInput,
  corrections: Type.Optional(CorrectionsInput),
  note: Type.Optional(Type.String({ maxLength: 1000, description: 'Internal reference (ticket, channel the request came through)' })),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'Overrides the tenant deadline (e.g. an extension); must be in the future' })),
}, { additionalProperties: false });

const Instant = Type.Union([Type.String(), Type.Null()]);
const Step = Type.Object({
  key: Type.String(), status: Enum(STEP_STATUSES), attempts: Type.Integer(), error: Type.Union([Type.String(), Type.Null()]),
  result: Type.Record(Type.String(), Type.Unknown()), deleted: Type.Integer(), at: Instant,
});
const ExportView = Type.Object({
  available: Type.Boolean(), expired: Type.Boolean(), files: Type.Array(Type.String()), bytes: Type.Integer(), sha256: Type.String(),
  generatedAt: Instant, expiresAt: Instant, downloads: Type.Integer(),
});

export const RequestRecord = Type.Object({
  id: Type.String(),
  kind: Enum(REQUEST_KINDS),
  status: Enum(REQUEST_STATUSES),
  overdue: Type.Boolean(),
  subject: Type.Object({ kind: Enum(SUBJECT_KINDS), value: Type.Union([Type.String(), Type.Null()], { description: 'null once an erasure completed (only the digest is kept)' }), digest: Type.String() }),
  personId: Type.Union([Type.String(), Type.Null()]),
  otherPersonIds: Type.Array(Type.String()),
  identifiers: Type.Record(Type.String(), Type.Array(Type.String())),
  corrections: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  correctedFields: Type.Array(Type.String()),
  note: Type.Union([Type.String(), Type.Null()]),
  requestedBy: Type.Object({ kind: Type.String(), id: Type.String() }),
  receivedAt: Type.String(),
  dueAt: Type.String(),
  startedAt: Instant,
  completedAt: Instant,
  reminders: Type.Array(Type.Object({ kind: Type.String(), at: Type.String() })),
  steps: Type.Array(Step),
  lastError: Type.Union([Type.String(), Type.Null()]),
  findings: Type.Array(Type.Object({ collection: Type.String(), path: Type.String(), count: Type.Integer(), via: Type.String() })),
  attempts: Type.Integer(),
  runs: Type.Integer(),
  export: Type.Union([ExportView, Type.Null()]),
  receipt: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  receiptHash: Type.Union([Type.String(), Type.Null()]),
});

export const RequestsQuery = ListQuery;
export const SettingsBody = Type.Object({
  dueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  reminderDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  exportTtlDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
}, { additionalProperties: false });
