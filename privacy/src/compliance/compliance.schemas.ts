import { Type } from 'typebox';
import { AUDIT_CHECKS, SEVERITIES } from './finding.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const InventoryField = Type.Object({
  id: Type.String(), owner: Type.String(), ownerKind: Type.Union([Type.Literal('core'), Type.Literal('platform'), Type.Literal('plugin')]),
  model: Type.String(), collection: Type.String(), field: Type.String(), category: Type.String(), purposes: Type.Array(Type.String()),
  encryptedByDefault: Type.Boolean(), encrypted: Nullable(Type.Boolean()), blindIndex: Nullable(Type.Boolean()), encryptReason: Nullable(Type.String()),
  retention: Nullable(Type.Object({ field: Type.String(), days: Type.Integer(), source: Type.String() })),
});

export const InventoryPlugin = Type.Object({
  name: Type.String(), version: Type.String(), required: Type.Boolean(), purposes: Type.Array(Type.String()), dataCategories: Type.Array(Type.String()),
  modelCategories: Type.Array(Type.String()), collections: Type.Array(Type.String()), personalFields: Type.Integer(), purposeMissing: Type.Boolean(),
});

export const Inventory = Type.Object({ generatedAt: Type.String(), fields: Type.Array(InventoryField), plugins: Type.Array(InventoryPlugin) });

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const Check = Type.Union(AUDIT_CHECKS.map((s) => Type.Literal(s)));
export const FindingRecord = Type.Object({
  id: Type.String(), check: Check, severity: Severity, title: Type.String(), detail: Type.String(), fix: Type.String(),
  refs: Type.Record(Type.String(), Scalar),
});
const Summary = Type.Object({ high: Type.Integer(), medium: Type.Integer(), low: Type.Integer(), info: Type.Integer(), total: Type.Integer() });
const CheckRecord = Type.Object({ check: Check, status: Type.Union([Type.Literal('ok'), Type.Literal('findings'), Type.Literal('error')]), error: Nullable(Type.String()), findings: Type.Integer() });
const Settings = Type.Object({ keyMaxAgeDays: Type.Integer(), masterKeyMaxAgeDays: Type.Integer() });

/** A report in lists: everything but the findings. */
export const ReportSummary = Type.Object({
  id: Type.String(), ranAt: Type.String(), actor: Type.Object({ kind: Type.String(), id: Type.String() }), summary: Summary, checks: Type.Array(CheckRecord), settings: Settings,
  links: Type.Object({ html: Type.String(), pdf: Type.String() }),
});
export const ReportRecord = Type.Object({ ...ReportSummary.properties, findings: Type.Array(FindingRecord) });

export const RunAudit = Type.Object({}, { additionalProperties: false, description: 'Runs every check now, with the tenant\'s thresholds' });

export const SettingsRecord = Type.Object({ keyMaxAgeDays: Type.Integer(), masterKeyMaxAgeDays: Type.Integer(), updatedAt: Nullable(Type.String()), updatedBy: Nullable(Type.String()) });
export const SettingsUpdate = Type.Object({
  keyMaxAgeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Tenant data keys older than this are a finding. @defaultValue 90' })),
  masterKeyMaxAgeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'A master key older than this is a finding. @defaultValue 365' })),
}, { additionalProperties: false, minProperties: 1 });

export const ReportParams = Type.Object({ id: Type.String({ pattern: '^par_[0-9a-f]{24}$', description: 'Report id (par_…)' }) });
