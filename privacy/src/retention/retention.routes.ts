import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { coreError } from '../../../server/src/errors/app-error.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { ListQuery, errors } from '../../../server/src/schemas/common.ts';
import { auditActor, auditRequest } from '../../../server/src/routes/audit.routes.ts';
import { PROTECTED_COLLECTIONS, RETENTION_JOB } from './constants.ts';
import { retentionError } from './retention.errors.ts';
import { POLICY_MODEL, RUN_MODEL, policyViewsFor } from './retention.service.ts';
import { CollectionParams, PolicyRecord, PolicyUpdate, RunCreate, RunRecord } from './retention.schemas.ts';
import type { RetentionPolicyView } from './retention-targets.ts';

const SUBJECT = 'RetentionPolicy';
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export const runOut = (r: any) => ({
  id: r._id, trigger: r.trigger, status: r.status, requestedBy: r.requestedBy ?? null, jobId: r.jobId ?? null, createdAt: iso(r.createdAt) ?? new Date(0).toISOString(),
  startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt), deleted: r.deleted ?? 0, results: r.results ?? [], error: r.error ?? null,
});

const POLICY_LIST = { sortable: ['collection', 'owner', 'days', 'source'], filterable: ['owner', 'source', 'enabled'], defaultSort: ['collection', 'ASC'] as [string, 'ASC'] };
const RUN_LIST = { sortable: ['createdAt', 'status', 'deleted'], filterable: ['status', 'trigger'], defaultSort: ['createdAt', 'DESC'] as [string, 'DESC'] };

/** Retention policies per collection (declared defaults + tenant overrides) and their runs. */
export async function retentionRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const tags = ['privacy'];
  const Policies = ctx.model(POLICY_MODEL);
  const Runs = ctx.model(RUN_MODEL);
  const read = { access: { action: 'read', subject: SUBJECT } };

  /** The views with each collection's latest finished run. */
  async function views(request: FastifyRequest): Promise<(RetentionPolicyView & { lastRun: unknown })[]> {
    const tenantId = tenantOf(request);
    const [all, runs] = await Promise.all([
      policyViewsFor(ctx, tenantId),
      Runs.find(scopedFilter(request, 'read', SUBJECT, { status: 'completed' })).sort({ createdAt: -1 }).limit(50).lean<any[]>(),
    ]);
    return all.map((v) => {
      const run = runs.find((r) => (r.results ?? []).some((x: { collection: string }) => x.collection === v.collection));
      const result = run?.results.find((x: { collection: string }) => x.collection === v.collection);
      return { ...v, lastRun: run ? { runId: run._id, at: iso(run.finishedAt), deleted: result.deleted, more: result.more } : null };
    });
  }
  async function viewOf(request: FastifyRequest, collection: string) {
    if (PROTECTED_COLLECTIONS.has(collection)) throw retentionError('PRIVACY_ERR_RETENTION_PROTECTED', [collection, 'it holds the audit chain, keys, consent proofs, accounts or platform configuration']);
    const view = (await views(request)).find((v) => v.collection === collection);
    if (!view) throw retentionError('PRIVACY_ERR_RETENTION_UNKNOWN_COLLECTION', [collection]);
    return view;
  }

  app.get('/retention/policies', { config: read, schema: { tags, summary: 'Retention per collection: declared default, tenant override, policy in force, last run', querystring: ListQuery, response: { 200: Type.Array(PolicyRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, POLICY_LIST);
    let rows = await views(request);
    // A few dozen collections: filtered and sorted here (parseListQuery turned id lists and arrays into $in).
    for (const [k, v] of Object.entries(q.filter)) {
      const allowed = typeof v === 'object' && v !== null ? (v as { $in: unknown[] }).$in : [v];
      const key = k === '_id' ? 'id' : k;
      rows = rows.filter((r) => allowed.includes((r as unknown as Record<string, unknown>)[key]));
    }
    const [field, dir] = Object.entries(q.sort)[0]!;
    const key = field === '_id' ? 'id' : field;
    rows.sort((a, b) => String((a as any)[key] ?? '').localeCompare(String((b as any)[key] ?? ''), undefined, { numeric: true }) * dir);
    return sendPage(reply, 'retention-policies', rows.slice(q.skip, q.skip + q.limit), q.skip, rows.length);
  });

  app.get('/retention/policies/:id', { config: read, schema: { tags, params: CollectionParams, response: { 200: PolicyRecord, ...errors(400, 401, 403, 404) } } }, async (request) => viewOf(request, (request.params as { id: string }).id));

  app.put('/retention/policies/:id', {
    config: { access: { action: 'update', subject: SUBJECT } },
    schema: { tags, summary: "Set this tenant's retention for a collection (overrides the declared default)", params: CollectionParams, body: PolicyUpdate, response: { 200: PolicyRecord, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const collection = (request.params as { id: string }).id;
    const body = request.body as { field?: string; days: number; enabled?: boolean };
    const view = await viewOf(request, collection);
    const field = body.field ?? view.declared?.field ?? view.override?.field;
    if (!field) throw coreError('CORE_ERR_VALIDATION', [`body.field is required: collection ${collection} declares no default (date fields: ${view.dateFields.join(', ')})`], [{ field: 'body.field', message: 'is required' }]);
    if (!view.dateFields.includes(field)) throw retentionError('PRIVACY_ERR_RETENTION_INVALID_FIELD', [field, collection, view.dateFields.join(', ')], { field: 'body.field', allowed: view.dateFields });
    const enabled = body.enabled ?? true;
    await Policies.updateOne(
      { tenantId, collectionName: collection },
      { $set: { field, days: body.days, enabled, updatedBy: auditActor(request).id }, $setOnInsert: { tenantId, collectionName: collection } },
      { upsert: true },
    ).catch(async (err: { code?: number }) => {
      // Two first writes racing on the unique index: the document exists now, so update it.
      if (err?.code !== 11000) throw err;
      await Policies.updateOne({ tenantId, collectionName: collection }, { $set: { field, days: body.days, enabled, updatedBy: auditActor(request).id } });
    });
    await auditRequest(request, 'retention.policy.update', { type: 'RetentionPolicy', id: collection }, { field, days: body.days, enabled });
    return viewOf(request, collection);
  });

  app.delete('/retention/policies/:id', {
    config: { access: { action: 'update', subject: SUBJECT } },
    schema: { tags, summary: "Remove this tenant's override: the declared default (if any) applies again", params: CollectionParams, response: { 200: PolicyRecord, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const collection = (request.params as { id: string }).id;
    await viewOf(request, collection);
    const res = await Policies.deleteOne({ tenantId, collectionName: collection });
    if (res.deletedCount) await auditRequest(request, 'retention.policy.reset', { type: 'RetentionPolicy', id: collection });
    return viewOf(request, collection);
  });

  app.get('/retention/runs', { config: read, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(RunRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, RUN_LIST);
    const [rows, total] = await findPage(Runs, scopedFilter(request, 'read', SUBJECT, q.filter), q);
    return sendPage(reply, 'retention-runs', rows.map(runOut), q.skip, total);
  });

  app.get('/retention/runs/:id', { config: read, schema: { tags, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: RunRecord, ...errors(401, 403, 404) } } }, async (request) => {
    const doc = await Runs.findOne(scopedFilter(request, 'read', SUBJECT, { _id: (request.params as { id: string }).id })).lean();
    if (!doc) throw coreError('CORE_ERR_NOT_FOUND', ['Retention run']);
    return runOut(doc);
  });

  app.post('/retention/runs', {
    config: { access: { action: 'run', subject: SUBJECT } },
    schema: { tags, summary: "Run this tenant's retention policies now (a job on queue privacy-retention)", body: Type.Optional(RunCreate), response: { 202: RunRecord, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const run = await Runs.create({ tenantId, trigger: 'manual', status: 'queued', requestedBy: auditActor(request).id });
    const job = await ctx.enqueue(tenantId, RETENTION_JOB, { runId: run._id }, { jobId: `retention-${run._id}` });
    await Runs.updateOne({ tenantId, _id: run._id }, { $set: { jobId: job.id } });
    return reply.status(202).send(runOut({ ...run.toObject(), jobId: job.id }));
  });
}
