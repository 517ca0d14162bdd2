import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { PLATFORM_CHAIN, type AuditActor } from '../audit/audit-types.ts';
import { platformModels, storeOf } from '../compliance/platform-view.ts';
import { activePolicies, policyViews, type RetentionOverride, type RetentionPolicyView } from './retention-targets.ts';
import { sweepCollection, type SweepCollection, type SweepOptions, type SweepResult } from './retention-sweep.ts';

export const POLICY_MODEL = 'PrivacyRetentionPolicy';
export const RUN_MODEL = 'PrivacyRetentionRun';
/** The actor of retention runs in the audit log. */
export const RETENTION_ACTOR: AuditActor = { kind: 'system', id: 'retention' };

export async function overridesOf(ctx: PluginContext, tenantId: string): Promise<RetentionOverride[]> {
  const docs = await ctx.model(POLICY_MODEL).find({ tenantId }).lean<any[]>();
  return docs.map((d) => ({ collection: d.collectionName, field: d.field, days: d.days, enabled: d.enabled !== false, updatedAt: d.updatedAt ?? null, updatedBy: d.updatedBy ?? null }));
}

/** Every collection a policy may cover, with the declared default, the tenant's override and what applies. */
export async function policyViewsFor(ctx: PluginContext, tenantId: string): Promise<RetentionPolicyView[]> {
  return policyViews(platformModels(ctx), await overridesOf(ctx, tenantId));
}

export interface RunOutcome {
  runId: string;
  deleted: number;
  results: SweepResult[];
}

/**
 * Runs a tenant's enabled policies (one collection after another), keeps the counts on the run document and records
 * `retention.run` in the tenant's audit chain (names and counts only) when it deleted anything or was requested.
 * A failing sweep marks the run failed and rethrows, so the job retries; documents already deleted stay deleted
 * (the next run simply finds fewer).
 */
export async function runRetention(ctx: PluginContext, tenantId: string, runId: string, opts: SweepOptions & { onProgress?: (done: number, total: number) => Promise<void> } = {}): Promise<RunOutcome> {
  const Runs = ctx.model(RUN_MODEL);
  const run = await Runs.findOne({ tenantId, _id: runId }).lean<any>();
  if (!run) throw new Error(`retention run ${runId} not found for tenant ${tenantId}`);
  await Runs.updateOne({ tenantId, _id: runId }, { $set: { status: 'running', startedAt: new Date(), error: null } });
  const db = storeOf(ctx, RUN_MODEL);
  const results: SweepResult[] = [];
  try {
    const policies = activePolicies(await policyViewsFor(ctx, tenantId));
    for (const [i, policy] of policies.entries()) {
      results.push(await sweepCollection(db.collection(policy.collection) as unknown as SweepCollection, tenantId, policy, opts));
      await opts.onProgress?.(i + 1, policies.length);
    }
  } catch (err) {
    await Runs.updateOne({ tenantId, _id: runId }, { $set: { status: 'failed', finishedAt: new Date(), results, deleted: sum(results), error: String((err as Error).message).slice(0, 500) } });
    throw err;
  }
  const deleted = sum(results);
  await Runs.updateOne({ tenantId, _id: runId }, { $set: { status: 'completed', finishedAt: new Date(), results, deleted } });
  // Hourly runs that found nothing stay on the run history only; every deletion and every requested run is audited.
  if (deleted === 0 && run.trigger === 'schedule') return { runId, deleted, results };
  await ctx.privacy.audit.record({
    tenantId, actor: RETENTION_ACTOR, action: 'retention.run', target: { type: 'RetentionRun', id: runId },
    details: {
      trigger: run.trigger, requestedBy: run.requestedBy ?? null, deleted,
      collections: results.map((r) => r.collection), deletedPerCollection: results.map((r) => r.deleted), more: results.some((r) => r.more),
    },
  });
  return { runId, deleted, results };
}

/** Tenants a scheduled sweep covers: all of them (suspended tenants' data expires too). */
export async function allTenantIds(ctx: PluginContext): Promise<string[]> {
  const docs = await storeOf(ctx, RUN_MODEL).collection('core_tenants').find({}, { projection: { _id: 1 } }).toArray();
  return docs.map((d) => String(d._id)).filter((id) => id !== PLATFORM_CHAIN);
}

const sum = (results: SweepResult[]) => results.reduce((n, r) => n + r.deleted, 0);
