import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { IdParams, errors } from '../../../server/src/schemas/common.ts';
import { auditActor } from '../../../server/src/routes/audit.routes.ts';
import { loadArchive } from './export-store.ts';
import { identityOf } from './platform.ts';
import { CreateRequestBody, RequestRecord, RequestsQuery, SettingsBody } from './request.schema.ts';
import { DAY_MS, requestSettings, RequestSettingsSchema, saveRequestSettings } from './request-settings.ts';
import { OPEN_STATUSES, RECTIFIABLE_FIELDS, SUBJECT_KINDS, type RequestKind, type SubjectKind } from './request-types.ts';
import { requestView } from './request-view.ts';
import { requestError } from './requests.errors.ts';
import { subjectDigest } from './subject-resolver.ts';

const SUBJECT = 'PrivacyRequest';
const tags = ['privacy'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const RUN_JOB = 'run-request';
const LIST = { sortable: ['receivedAt', 'dueAt', 'completedAt', 'status', 'kind'], filterable: ['kind', 'status', 'overdue'], defaultSort: ['receivedAt', 'DESC'] as [string, 'DESC'] };

interface CreateBody {
  kind: RequestKind;
  subject: { kind: SubjectKind; value: string };
  corrections?: Record<string, unknown>;
  note?: string;
  dueAt?: string;
}

const invalid = (field: string, message: string) => requestError('PRIVACY_ERR_REQ_INVALID', [`${field} ${message}`], { field });

/** Checks what a schema cannot: corrections only (and required) for rectification, e-mail shapes, a future deadline. */
function checkBody(body: CreateBody, now: Date): void {
  const value = body.subject.value.trim();
  if (!value) throw invalid('body.subject.value', 'must not be blank');
  if (body.subject.kind === 'email' && !EMAIL.test(value)) throw invalid('body.subject.value', 'must be an e-mail address when subject.kind is "email"');
  if (body.kind === 'rectification') {
    const fields = Object.keys(body.corrections ?? {});
    if (!fields.length) throw invalid('body.corrections', `must name at least one of ${RECTIFIABLE_FIELDS.join(', ')} for a rectification`);
    const email = body.corrections?.email;
    if (typeof email === 'string' && !EMAIL.test(email.trim())) throw invalid('body.corrections.email', 'must be an e-mail address');
    const phone = body.corrections?.phone;
    if (typeof phone === 'string' && (phone.replace(/\D/g, '').length < 5 || /[^\d\s+().-]/.test(phone))) throw invalid('body.corrections.phone', 'must be a phone number (digits, spaces, + ( ) . -)');
  } else if (body.corrections !== undefined) {
    throw invalid('body.corrections', `is only accepted for rectification requests, not ${body.kind}`);
  }
  if (body.dueAt !== undefined && new Date(body.dueAt).getTime() <= now.getTime()) throw invalid('body.dueAt', 'must be in the future');
}

/** `filter.q`: a request id, or any identifier a request was made for or resolved to (matched by digest). */
function searchFilter(term: string): Record<string, unknown> {
  const t = term.trim();
  return { $or: [{ _id: t }, { 'subject.digest': { $in: SUBJECT_KINDS.map((k) => subjectDigest(k, t)) } }, { 'resolved.values': t }] };
}

function rawQ(query: { filter?: string }): string {
  try {
    const f = query.filter ? JSON.parse(query.filter) : {};
    return f && typeof f === 'object' && typeof f.q === 'string' ? f.q : '';
  } catch {
    return '';
  }
}

/**
 * Data-subject requests under /api/plugins/privacy (CASL subject PrivacyRequest, granted by the core:
 * compliance officers read/create/update, owners everything). See docs/privacy-requests.md.
 */
export async function requestRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const Requests = ctx.model('PrivacyRequest');
  const Exports = ctx.model('PrivacyExport');
  const Settings = ctx.model('PrivacyRequestSettings');
  const audit = (request: FastifyRequest, action: string, id: string, details: Record<string, string | number | boolean | string[]> = {}) =>
    ctx.privacy.audit.record({ tenantId: tenantOf(request), actor: auditActor(request), action, target: { type: SUBJECT, id }, details });
  const findOr404 = async (request: FastifyRequest, action: string, id: string) => {
    const doc = await Requests.findOne(scopedFilter(request, action, SUBJECT, { _id: id })).lean<Record<string, any>>();
    if (!doc) throw requestError('PRIVACY_ERR_REQ_NOT_FOUND', [id]);
    return doc;
  };
  const enqueue = async (tenantId: string, id: string, runs: number) => {
    const jobId = `${id}-${runs}`;
    await ctx.enqueue(tenantId, RUN_JOB, { requestId: id }, { jobId });
    return jobId;
  };

  app.get('/requests', {
    config: { access: { action: 'read', subject: SUBJECT } },
    schema: { tags, summary: 'Data-subject requests (filter: kind, status, overdue, q = request id or identifier)', querystring: RequestsQuery, response: { 200: Type.Array(RequestRecord), ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const query = request.query as { sort?: string; range?: string; filter?: string };
    const q = parseListQuery(query, LIST);
    const { overdue, ...filter } = q.filter;
    const now = new Date();
    const and: Record<string, unknown>[] = [filter];
    if (overdue === true || overdue === 'true') and.push({ status: { $in: OPEN_STATUSES }, dueAt: { $lt: now } });
    else if (overdue === false || overdue === 'false') and.push({ $or: [{ status: 'completed' }, { dueAt: { $gte: now } }] });
    const term = rawQ(query);
    if (term.trim()) and.push(searchFilter(term));
    const [rows, total] = await findPage(Requests, scopedFilter(request, 'read', SUBJECT, { $and: and }), q);
    return sendPage(reply, 'requests', rows.map((r) => requestView(r, now.getTime())), q.skip, total);
  });

  app.post('/requests', {
    config: { access: { action: 'create', subject: SUBJECT } },
    schema: { tags, summary: 'Receive a request: access (export archive), erasure or rectification; runs as a job', body: CreateRequestBody, response: { 201: RequestRecord, ...errors(400, 401, 403, 409) } },
  }, async (request, reply) => {
    const body = request.body as CreateBody;
    const now = new Date();
    checkBody(body, now);
    if (body.kind === 'rectification' && !identityOf(ctx)?.rectify) throw requestError('PRIVACY_ERR_REQ_UNSUPPORTED', ['rectification', 'the identity plugin (which holds profile fields) is not loaded']);
    const tenantId = tenantOf(request);
    const settings = await requestSettings(Settings, tenantId);
    const actor = auditActor(request);
    const value = body.subject.value.trim();
    const doc = await Requests.create({
      tenantId, kind: body.kind, status: 'received',
      subject: { kind: body.subject.kind, value, digest: subjectDigest(body.subject.kind, value) },
      corrections: body.kind === 'rectification' ? body.corrections : null, correctedFields: [],
      note: body.note?.trim() || null, requestedBy: actor,
      receivedAt: now, dueAt: body.dueAt ? new Date(body.dueAt) : new Date(now.getTime() + settings.dueDays * DAY_MS),
      runs: 1,
    });
    const id = doc._id as string;
    await audit(request, 'privacy.request.create', id, { kind: body.kind, subjectKind: body.subject.kind, ...(body.corrections ? { fields: Object.keys(body.corrections) } : {}) });
    try {
      const jobId = await enqueue(tenantId, id, 1);
      await Requests.updateOne({ tenantId, _id: id }, { $set: { jobId } });
    } catch (err) {
      await Requests.updateOne({ tenantId, _id: id }, { $set: { status: 'failed', lastError: `could not be queued: ${(err as Error).message}` } });
      throw err;
    }
    reply.code(201);
    return requestView((await Requests.findOne({ tenantId, _id: id }).lean<Record<string, any>>())!);
  });

  app.get('/requests/:id', {
    config: { access: { action: 'read', subject: SUBJECT } },
    schema: { tags, summary: 'A request with its per-plugin steps, reminders, archive and receipt', params: IdParams, response: { 200: RequestRecord, ...errors(401, 403, 404) } },
  }, async (request) => requestView(await findOr404(request, 'read', (request.params as { id: string }).id)));

  app.get('/requests/:id/export', {
    config: { access: { action: 'read', subject: SUBJECT } },
    schema: { tags, summary: 'Download the access archive (zip: data.json, summary.html); every download is audited', params: IdParams, response: errors(401, 403, 404, 409, 410) },
  }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const doc = await findOr404(request, 'read', id);
    const info = doc.exportInfo as Record<string, any> | null;
    if (doc.kind !== 'access' || !info) throw requestError('PRIVACY_ERR_REQ_EXPORT_NOT_READY', [id, doc.kind !== 'access' ? `it is a ${doc.kind} request` : `it is ${doc.status}`]);
    if (new Date(info.expiresAt).getTime() < Date.now()) throw requestError('PRIVACY_ERR_REQ_EXPORT_EXPIRED', [id, new Date(info.expiresAt).toISOString()]);
    const zip = await loadArchive(Exports, doc.tenantId, id, info.parts ?? 1);
    if (!zip) throw requestError('PRIVACY_ERR_REQ_EXPORT_EXPIRED', [id, new Date(info.expiresAt).toISOString()]);
    if (createHash('sha256').update(zip).digest('hex') !== info.sha256) throw requestError('PRIVACY_ERR_REQ_EXPORT_NOT_READY', [id, 'the stored archive does not match its checksum; retry the request']);
    await audit(request, 'privacy.export.download', id, { bytes: zip.length, sha256: info.sha256 });
    await Requests.updateOne({ tenantId: doc.tenantId, _id: id }, { $inc: { 'exportInfo.downloads': 1 } });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="privacy-export-${id}.zip"`)
      .header('cache-control', 'no-store')
      .send(zip);
  });

  app.post('/requests/:id/retry', {
    config: { access: { action: 'update', subject: SUBJECT } },
    schema: { tags, summary: 'Run a waiting or failed request again (e.g. after a plugin\'s hook was fixed)', params: IdParams, response: { 202: RequestRecord, ...errors(401, 403, 404, 409) } },
  }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const doc = await findOr404(request, 'update', id);
    if (doc.status !== 'waiting' && doc.status !== 'failed') throw requestError('PRIVACY_ERR_REQ_NOT_RETRYABLE', [id, doc.status]);
    if (doc.jobId) {
      const job = await ctx.queue('privacy-requests').getJob(doc.jobId);
      // The request reads waiting/failed a moment before BullMQ moves its job out of `active`: give it that moment.
      let state = job ? await job.getState() : null;
      for (let i = 0; state === 'active' && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await job!.getState();
      }
      if (state === 'active') throw requestError('PRIVACY_ERR_REQ_NOT_RETRYABLE', [id, 'running']);
      // A BullMQ retry still pending would run it twice: the console's retry replaces it.
      if (job && state !== 'completed' && state !== 'failed') await job.remove().catch(() => undefined);
    }
    const runs = (doc.runs ?? 1) + 1;
    const tenantId = doc.tenantId as string;
    await Requests.updateOne({ tenantId, _id: id }, { $set: { status: 'received', runs, lastError: null } });
    const jobId = await enqueue(tenantId, id, runs);
    await Requests.updateOne({ tenantId, _id: id }, { $set: { jobId } });
    await audit(request, 'privacy.request.retry', id, { kind: doc.kind, run: runs });
    reply.code(202);
    return requestView((await Requests.findOne({ tenantId, _id: id }).lean<Record<string, any>>())!);
  });

  app.get('/request-settings', {
    config: { access: { action: 'read', subject: SUBJECT } },
    schema: { tags, summary: 'Deadlines of this tenant\'s requests', response: { 200: RequestSettingsSchema, ...errors(401, 403) } },
  }, async (request) => requestSettings(Settings, tenantOf(request)));

  app.put('/request-settings', {
    config: { access: { action: 'update', subject: SUBJECT } },
    schema: { tags, summary: 'Change the deadlines (applies to requests received afterwards)', body: SettingsBody, response: { 200: RequestSettingsSchema, ...errors(400, 401, 403) } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const next = { ...(await requestSettings(Settings, tenantId)), ...(request.body as object) };
    const saved = await saveRequestSettings(Settings, tenantId, next);
    await ctx.privacy.audit.record({ tenantId, actor: auditActor(request), action: 'privacy.request-settings.update', target: { type: 'PrivacyRequestSettings', id: tenantId }, details: { ...saved } });
    return saved;
  });
}
