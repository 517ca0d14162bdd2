import { UnrecoverableError } from 'bullmq';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { AuditDetails } from '../audit/audit-types.ts';
import { runAccess, type RunInput } from './access.runner.ts';
import { runErasure, scrubbedSubject } from './erasure.runner.ts';
import { buildReceipt } from './receipt.ts';
import { runRectification } from './rectification.runner.ts';
import { requestSettings } from './request-settings.ts';
import { dataSubjectOf, REQUEST_ACTOR, type RequestStep, type ResolvedSubject } from './request-types.ts';
import { requestError } from './requests.errors.ts';
import { StepLog } from './step-log.ts';
import { resolveSubject } from './subject-resolver.ts';

const target = (id: string) => ({ type: 'PrivacyRequest', id });

function storedResolved(doc: Record<string, any>): ResolvedSubject | null {
  const r = doc.resolved;
  if (!r || (!r.personId && !(r.values ?? []).length)) return null;
  return { personId: r.personId ?? null, personIds: r.personIds ?? [], identifiers: r.identifiers ?? {} };
}

/** What an earlier run found, joined with what this run finds (after an erasure began, the graph forgets). */
export function mergeResolved(before: ResolvedSubject | null, now: ResolvedSubject): ResolvedSubject {
  if (!before) return now;
  const identifiers: Record<string, string[]> = {};
  for (const k of new Set([...Object.keys(before.identifiers), ...Object.keys(now.identifiers)])) identifiers[k] = [...new Set([...(before.identifiers[k] ?? []), ...(now.identifiers[k] ?? [])])].sort();
  const personId = before.personId ?? now.personId;
  const personIds = [...new Set([...before.personIds, ...now.personIds, ...(now.personId ? [now.personId] : [])])].filter((p) => p !== personId);
  return { personId, personIds, identifiers };
}

const sumDeleted = (steps: RequestStep[], prefix: string) => steps.filter((s) => s.key.startsWith(prefix)).reduce((n, s) => n + s.deleted, 0);
const stepDeleted = (steps: RequestStep[], key: string) => steps.find((s) => s.key === key)?.deleted ?? 0;

/**
 * One run of a request (the `run-request` job). Marks it running, resolves the subject, runs the kind's steps and
 * completes it with a receipt; any failure marks it `waiting` (BullMQ retries with backoff) or, once the attempts
 * are spent or retrying cannot help, `failed` — with the failing plugin's error on its step. Never completed with a
 * failed step or residue.
 */
export async function runRequest(ctx: PluginContext, tenantId: string, requestId: string, attempt: { made: number; max: number }): Promise<Record<string, unknown>> {
  const Requests = ctx.model('PrivacyRequest');
  const req = await Requests.findOne({ tenantId, _id: requestId }).lean<Record<string, any>>();
  if (!req) throw new UnrecoverableError(`privacy request ${requestId} not found`);
  if (req.status === 'completed') return { status: 'completed', alreadyCompleted: true };
  const key = { tenantId, _id: requestId };
  await Requests.updateOne(key, { $set: { status: 'running', startedAt: req.startedAt ?? new Date(), lastError: null }, $inc: { attempts: 1 } });
  const steps = new StepLog(Requests, tenantId, requestId, req.steps ?? []);
  try {
    const settings = await requestSettings(ctx.model('PrivacyRequestSettings'), tenantId);
    const fresh = await steps.run('resolve', async () => {
      const r = await resolveSubject(ctx, tenantId, { kind: req.subject.kind, value: String(req.subject.value ?? '') });
      return { value: r, result: { person: !!r.personId, identifiers: Object.values(r.identifiers).flat().length } };
    });
    if (!fresh) throw requestError('PRIVACY_ERR_REQ_STEP_FAILED', [`resolve: ${steps.steps.find((s) => s.key === 'resolve')?.error}`]);
    const resolved = mergeResolved(storedResolved(req), fresh);
    const values = [...new Set([...Object.values(resolved.identifiers).flat(), ...(resolved.personId ? [resolved.personId] : []), ...resolved.personIds])];
    await Requests.updateOne(key, { $set: { 'resolved.personId': resolved.personId, 'resolved.personIds': resolved.personIds, 'resolved.identifiers': resolved.identifiers, 'resolved.values': values } });

    const email = req.subject.kind === 'email' ? String(req.subject.value ?? '') || null : null;
    const input: RunInput = { ctx, tenantId, request: req, subject: dataSubjectOf(tenantId, resolved, email), resolved, email, steps, settings };
    const completedAt = new Date();
    let extra: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    let action = '';
    let details: AuditDetails = {};
    if (req.kind === 'access') {
      const archive = await runAccess(input);
      set.exportInfo = archive;
      extra = { archive: { sha256: archive.sha256, bytes: archive.bytes, files: archive.files, expiresAt: new Date(archive.expiresAt as Date).toISOString() }, records: Object.fromEntries(steps.steps.filter((s) => s.key.startsWith('plugin:') || s.key.startsWith('core:')).map((s) => [s.key, Number(s.result.records ?? 0)])) };
      action = 'privacy.export.generated';
      details = { bytes: Number(archive.bytes), sha256: String(archive.sha256) };
    } else if (req.kind === 'erasure') {
      const out = await runErasure(input);
      const all = steps.steps;
      extra = {
        plugins: Object.fromEntries(Object.entries(out.perPlugin).map(([name, r]) => [name, { deleted: stepDeleted(all, `plugin:${name}`), pseudonymised: r.pseudonymised, retrain: r.retrain }])),
        core: {
          events: stepDeleted(all, 'core:events'), consent: { deleted: stepDeleted(all, 'core:consent'), proof: out.consentProof },
          archives: stepDeleted(all, 'core:requests'), queuedJobs: stepDeleted(all, 'core:queued-jobs'), keys: all.find((s) => s.key === 'core:keys')?.result ?? {},
        },
        totals: { deleted: sumDeleted(all, 'plugin:') + sumDeleted(all, 'core:') },
        verification: { ok: out.verification.ok, searched: out.verification.searched, findings: out.verification.findings, notSearchable: out.verification.notSearchable, excluded: out.verification.excluded, at: out.verification.at.toISOString() },
        retained: ['audit log entries (append-only, ids only)', 'this receipt (subject as a digest)'],
      };
      Object.assign(set, scrubbedSubject(), { findings: [] });
      action = 'privacy.erasure.done';
      details = { deleted: sumDeleted(all, 'plugin:') + sumDeleted(all, 'core:'), searchedFields: out.verification.searched };
    } else {
      const out = await runRectification(input);
      extra = { fields: out.fields };
      Object.assign(set, { corrections: null, correctedFields: out.fields });
      action = 'privacy.rectification.applied';
      details = { fields: out.fields };
    }
    const { receipt, hash } = buildReceipt({ requestId, tenantId, kind: req.kind, subjectDigest: req.subject.digest, receivedAt: new Date(req.receivedAt), completedAt, steps: steps.steps, extra });
    // Audited before the request reads completed: a receipt is only shown once its hash is in the chain.
    await ctx.privacy.audit.record({ tenantId, actor: REQUEST_ACTOR, action, target: target(requestId), details: { ...details, receiptHash: hash } });
    await Requests.updateOne(key, { $set: { ...set, status: 'completed', completedAt, lastError: null, overdue: false, receipt, receiptHash: hash } });
    return { status: 'completed', receiptHash: hash };
  } catch (err) {
    const last = err instanceof UnrecoverableError || attempt.made + 1 >= attempt.max;
    const message = String((err as Error)?.message ?? err).slice(0, 1000);
    await Requests.updateOne(key, { $set: { status: last ? 'failed' : 'waiting', lastError: message } }).catch(() => undefined);
    if (last) await ctx.privacy.audit.record({ tenantId, actor: REQUEST_ACTOR, action: 'privacy.request.failed', target: target(requestId), details: { kind: req.kind, failedSteps: steps.failed().map((s) => s.key) } }).catch(() => undefined);
    throw err;
  }
}
