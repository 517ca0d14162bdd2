import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import type { PlatformModel } from '../compliance/platform-view.ts';
import { PROTECTED_COLLECTIONS } from './constants.ts';

/** A tenant's override as stored (privacy_retention_policies). */
export interface RetentionOverride {
  collection: string;
  field: string;
  days: number;
  enabled: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Where the policy in force comes from. */
export type PolicySource = 'declared' | 'tenant' | 'disabled' | 'none';

/** One collection's retention as a tenant sees it: the declared default, its override, and what applies. */
export interface RetentionPolicyView {
  /** The collection name (react-admin record id). */
  id: string;
  collection: string;
  owner: string;
  model: string;
  /** Date fields a policy may measure age from. */
  dateFields: string[];
  declared: { field: string; days: number } | null;
  override: { field: string; days: number; enabled: boolean; updatedAt: string | null; updatedBy: string | null } | null;
  /** The policy in force: null field/days when none applies. */
  field: string | null;
  days: number | null;
  enabled: boolean;
  source: PolicySource;
}

/** An enabled policy, ready for a sweep. */
export interface ActivePolicy {
  collection: string;
  field: string;
  days: number;
}

const TIMESTAMP_FIELDS = ['createdAt', 'updatedAt'];

/** Top-level Date fields of a spec, plus the timestamps every model has. */
export function dateFieldsOf(spec: ModelSpec): string[] {
  const own = Object.entries(spec.fields)
    .filter(([, def]) => !Array.isArray(def) && (def as { type?: unknown }).type === Date)
    .map(([name]) => name);
  return [...new Set([...own, ...TIMESTAMP_FIELDS])];
}

/** Collections a retention policy may cover: tenant-scoped, not protected; first declaration of a collection wins. */
export function retentionTargets(models: PlatformModel[]): PlatformModel[] {
  const seen = new Set<string>();
  return models.filter((m) => {
    if (m.spec.tenantScoped === false || PROTECTED_COLLECTIONS.has(m.spec.collection) || seen.has(m.spec.collection)) return false;
    seen.add(m.spec.collection);
    return true;
  });
}

/** Joins declared defaults and a tenant's overrides into one view per collection, sorted by collection. */
export function policyViews(models: PlatformModel[], overrides: RetentionOverride[]): RetentionPolicyView[] {
  const byCollection = new Map(overrides.map((o) => [o.collection, o]));
  return retentionTargets(models).map(({ owner, spec }) => {
    const declared = spec.retention ? { field: spec.retention.field, days: spec.retention.days } : null;
    const o = byCollection.get(spec.collection) ?? null;
    const override = o ? { field: o.field, days: o.days, enabled: o.enabled, updatedAt: o.updatedAt ? new Date(o.updatedAt).toISOString() : null, updatedBy: o.updatedBy } : null;
    const inForce = o ? (o.enabled ? { field: o.field, days: o.days } : null) : declared;
    const source: PolicySource = o ? (o.enabled ? 'tenant' : 'disabled') : declared ? 'declared' : 'none';
    return {
      id: spec.collection, collection: spec.collection, owner, model: spec.name, dateFields: dateFieldsOf(spec), declared, override,
      field: inForce?.field ?? null, days: inForce?.days ?? null, enabled: inForce !== null, source,
    };
  }).sort((a, b) => a.collection.localeCompare(b.collection));
}

/** The policies a sweep applies. */
export function activePolicies(views: RetentionPolicyView[]): ActivePolicy[] {
  return views.filter((v) => v.enabled && v.field !== null && v.days !== null).map((v) => ({ collection: v.collection, field: v.field!, days: v.days! }));
}

/** Documents older than this (by the policy's field) are expired at `now`. */
export function cutoffOf(policy: { days: number }, now: Date): Date {
  return new Date(now.getTime() - policy.days * 86_400_000);
}
