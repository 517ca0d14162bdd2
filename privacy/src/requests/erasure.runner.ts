import type { RunInput } from './access.runner.ts';
import { PRIVACY_RETRAIN_NEEDED, PRIVACY_SUBJECT_ERASED, type RetrainNeededPayload, type SubjectErasedPayload } from './bus-topics.ts';
import { CORE_MODELS, eventFilter, subjectConsent } from './core-data.ts';
import { platformOf } from './platform.ts';
import { forgetPseudonyms } from './pseudonyms.ts';
import { removeSubjectJobs, scrubEventStreams } from './queue-scrub.ts';
import { REQUEST_ACTOR, subjectValues, type ResolvedSubject } from './request-types.ts';
import { requestError } from './requests.errors.ts';
import type { StepLog } from './step-log.ts';
import { graphKeys } from './subject-resolver.ts';
import { verificationScan, type VerificationResult } from './verify.service.ts';

export interface ErasureOutcome {
  perPlugin: Record<string, { deleted: number; pseudonymised: number; retrain: string[] }>;
  verification: VerificationResult;
  consentProof: { purpose: string; granted: boolean; at: string }[];
}

const SCRUBBED_SUBJECT = { 'subject.value': null, 'resolved.personId': null, 'resolved.personIds': [], 'resolved.identifiers': null, 'resolved.values': [], corrections: null, note: null };

/** Fields that forget a request's subject (kept: kind, digest, dates, steps' counts and the receipt). */
export const scrubbedSubject = (): Record<string, unknown> => ({ ...SCRUBBED_SUBJECT });

/** A step's result from an earlier run of the request. */
function previousResult(steps: StepLog, key: string): Record<string, unknown> {
  return steps.steps.find((s) => s.key === key)?.result ?? {};
}

function personRefs(resolved: ResolvedSubject): string[] {
  return [resolved.personId, ...resolved.personIds].filter((p): p is string => !!p);
}

/**
 * Erasure: every plugin's `dataSubject.erase` hook (the identity graph with all merged devices included), the
 * core's events, consent records (a proof of what was given is kept in the receipt, without the subject), earlier
 * requests' archives and subjects, the person's keys (crypto-shredding), queued jobs naming the person; then caches,
 * live sockets and trained models are told through the bus, and a verification scan must come back clean.
 */
export async function runErasure({ ctx, tenantId, request, subject, resolved, email, steps }: RunInput): Promise<ErasureOutcome> {
  const platform = platformOf(ctx);
  const values = [...new Set([...subjectValues(resolved, email), ...graphKeys(resolved)])];
  const persons = personRefs(resolved);
  const perPlugin: ErasureOutcome['perPlugin'] = {};

  for (const p of platform.plugins()) {
    const hook = p.definition.dataSubject?.erase;
    if (!hook || p.name === ctx.name) continue;
    const key = `plugin:${p.name}`;
    await steps.run(key, async () => {
      const r = await hook(p.ctx, subject);
      const deleted = Number(r?.deleted ?? 0);
      // Models named by an earlier run still need retraining (a re-run finds nothing left to name them by).
      const retrain = [...new Set([...(previousResult(steps, key).retrain as string[] | undefined ?? []), ...(r?.retrain ?? [])])];
      perPlugin[p.name] = { deleted, pseudonymised: Number(r?.pseudonymised ?? 0), retrain };
      return { deleted, result: { deleted, pseudonymised: Number(r?.pseudonymised ?? 0), retrain } };
    });
  }

  await steps.run('core:events', async () => {
    const filter = eventFilter(tenantId, resolved);
    const deleted = filter ? (await platform.model(CORE_MODELS.events).deleteMany(filter)).deletedCount : 0;
    return { deleted, result: { deleted } };
  });

  let consentProof: ErasureOutcome['consentProof'] = [];
  await steps.run('core:consent', async () => {
    // Current choices and their history are deleted; the receipt keeps the minimal proof of what the person had
    // chosen, without who: purpose, choice, time (kept over re-runs).
    const proof = new Map<string, ErasureOutcome['consentProof'][number]>();
    for (const p of (previousResult(steps, 'core:consent').proof as ErasureOutcome['consentProof'] | undefined) ?? []) proof.set(`${p.purpose}|${p.granted}|${p.at}`, p);
    let deleted = 0;
    for (const { model, docs } of await subjectConsent(ctx, tenantId, values)) {
      for (const r of docs) {
        if (typeof r.purpose !== 'string' || typeof r.granted !== 'boolean' || !r.at) continue;
        const p = { purpose: r.purpose, granted: r.granted, at: new Date(r.at).toISOString() };
        proof.set(`${p.purpose}|${p.granted}|${p.at}`, p);
      }
      if (docs.length) deleted += (await platform.model(model).deleteMany({ tenantId, _id: { $in: docs.map((r) => r._id) } })).deletedCount;
    }
    consentProof = [...proof.values()].sort((a, b) => a.at.localeCompare(b.at) || a.purpose.localeCompare(b.purpose));
    return { deleted, result: { deleted, proof: consentProof } };
  });

  await steps.run('core:requests', async () => {
    const Requests = ctx.model('PrivacyRequest');
    const others = await Requests.find({ tenantId, _id: { $ne: request._id }, $or: [{ 'subject.digest': request.subject.digest }, { 'resolved.values': { $in: values } }, ...(persons.length ? [{ 'resolved.personId': { $in: persons } }] : [])] }).select('_id').lean<{ _id: string }[]>();
    const ids = others.map((o) => o._id);
    const Exports = ctx.model('PrivacyExport');
    const archives = (await Exports.deleteMany({ tenantId, $or: [{ requestId: { $in: [request._id, ...ids] } }, ...(persons.length ? [{ personId: { $in: persons } }] : [])] })).deletedCount;
    if (ids.length) await Requests.updateMany({ tenantId, _id: { $in: ids } }, { $set: { ...scrubbedSubject(), exportInfo: null } });
    return { deleted: archives, result: { archives, requestsScrubbed: ids.length } };
  });

  await steps.run('core:keys', async () => {
    // Crypto-shredding: the person's keys and their events' subject keys; every sealed copy (backups included) dies.
    const refs = ctx.privacy.subjectKeyRefs({ personId: resolved.personId, personIds: resolved.personIds, identifiers: resolved.identifiers });
    if (!ctx.privacy.keys) return { result: { refs: refs.length, shredded: 0, keyManager: false } };
    const { shredded } = await ctx.privacy.shredSubject(tenantId, refs, REQUEST_ACTOR);
    const pseudonyms = await forgetPseudonyms(ctx, tenantId, values);
    // Keys destroyed by an earlier run count too (a re-run finds them gone).
    const before = previousResult(steps, 'core:keys');
    return { deleted: pseudonyms, result: { refs: refs.length, shredded: Number(before.shredded ?? 0) + shredded.length, pseudonyms: Number(before.pseudonyms ?? 0) + pseudonyms } };
  });

  await steps.run('core:queued-jobs', async () => {
    const r = await removeSubjectJobs(platform.queues(), values, (queue, id) => queue === 'privacy-requests' && id === request.jobId);
    const streamEntries = await scrubEventStreams(platform.queues(), values);
    return { deleted: r.removed, result: { removed: r.removed, scanned: r.scanned, streamEntries } };
  });

  await steps.run('core:notify', async () => {
    const payload: SubjectErasedPayload = { requestId: request._id, personIds: persons, values, identifiers: graphKeys(resolved) };
    await ctx.bus.publish(PRIVACY_SUBJECT_ERASED, tenantId, payload);
    let retrain = 0;
    for (const [plugin, r] of Object.entries(perPlugin)) {
      if (!r.retrain.length) continue;
      const msg: RetrainNeededPayload = { requestId: request._id, plugin, personId: resolved.personId, models: r.retrain };
      await ctx.bus.publish(PRIVACY_RETRAIN_NEEDED, tenantId, msg);
      retrain += r.retrain.length;
    }
    return { result: { subjectErased: true, retrainModels: retrain } };
  });

  const failed = steps.failed();
  if (failed.length) throw requestError('PRIVACY_ERR_REQ_STEP_FAILED', [failed.map((s) => `${s.key}: ${s.error}`).join('; ')]);

  const verification = await steps.run('verify', async () => {
    const v = await verificationScan(ctx, tenantId, values, { requestId: request._id });
    await ctx.model('PrivacyRequest').updateOne({ tenantId, _id: request._id }, { $set: { findings: v.findings } });
    if (!v.ok) throw requestError('PRIVACY_ERR_REQ_RESIDUE', [v.findings.map((f) => `${f.collection}.${f.path} (${f.count})`).join(', ')]);
    return { value: v, result: { searched: v.searched, findings: 0, notSearchable: v.notSearchable.length } };
  });
  if (!verification) throw requestError('PRIVACY_ERR_REQ_STEP_FAILED', [`verify: ${steps.steps.find((s) => s.key === 'verify')?.error}`]);
  return { perPlugin, verification, consentProof };
}
