import { Type } from 'typebox';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from './constants.ts';
import { RETENTION_RUN_STATUSES, RETENTION_TRIGGERS } from './retention-run.model.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Days = Type.Integer({ minimum: RETENTION_MIN_DAYS, maximum: RETENTION_MAX_DAYS, description: 'Keep documents this many days after the date field' });
const Rule = Type.Object({ field: Type.String(), days: Type.Integer() });

export const CollectionParams = Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9_]{1,80}$', description: 'Collection name' }) });

export const PolicyRecord = Type.Object({
  id: Type.String(),
  collection: Type.String(),
  owner: Type.String(),
  model: Type.String(),
  dateFields: Type.Array(Type.String()),
  declared: Nullable(Rule),
  override: Nullable(Type.Object({ field: Type.String(), days: Type.Integer(), enabled: Type.Boolean(), updatedAt: Nullable(Type.String()), updatedBy: Nullable(Type.String()) })),
  field: Nullable(Type.String()),
  days: Nullable(Type.Integer()),
  enabled: Type.Boolean(),
  source: Type.Union(['declared', 'tenant', 'disabled', 'none'].map((s) => Type.Literal(s))),
  lastRun: Nullable(Type.Object({ runId: Type.String(), at: Nullable(Type.String()), deleted: Type.Integer(), more: Type.Boolean() })),
});

export const PolicyUpdate = Type.Object({
  field: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Date field; defaults to the declared one' })),
  days: Days,
  enabled: Type.Optional(Type.Boolean({ default: true, description: 'false switches the declared default off for this tenant' })),
}, { additionalProperties: false });

const SweepResult = Type.Object({ collection: Type.String(), field: Type.String(), days: Type.Integer(), cutoff: Type.String(), deleted: Type.Integer(), more: Type.Boolean() });

export const RunRecord = Type.Object({
  id: Type.String(),
  trigger: Type.Union(RETENTION_TRIGGERS.map((s) => Type.Literal(s))),
  status: Type.Union(RETENTION_RUN_STATUSES.map((s) => Type.Literal(s))),
  requestedBy: Nullable(Type.String()),
  jobId: Nullable(Type.String()),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  deleted: Type.Integer(),
  results: Type.Array(SweepResult),
  error: Nullable(Type.String()),
});

export const RunCreate = Type.Object({}, { additionalProperties: false, description: 'Runs every enabled policy of the tenant now (in a worker)' });
