import type { Job } from 'bullmq';
import type { JobProcessor } from '../../../../server/src/core/plugin-contract.ts';
import { encryptorOf } from '../field-encryption.plugin.ts';
import { reencryptBatch, rewrapPersonKeys, rotateTenantDataKey } from '../key-rotation.ts';

export const ROTATE_KEYS_JOB = 'rotate-keys';
export const KEYS_QUEUE = 'privacy-keys';
/** Bus topic: every process forgets which tenant data key is current (it reads the new one on the next seal). */
export const KEYS_ROTATED_TOPIC = 'privacy.keys.rotated';

export interface RotationData {
  tenantId: string;
  requestedBy: { kind: 'user' | 'apiKey' | 'system'; id: string };
  /** Progress kept in the job (job.updateData), so a retried or restarted job resumes where it stopped. */
  state?: {
    phase: 'rewrap' | 'reencrypt' | 'done';
    newKeyId: string;
    previousKeyId: string | null;
    personCursor: string | null;
    models: string[];
    modelIndex: number;
    docCursor: string | null;
    counts: { personKeys: number; documents: number; scanned: number; skipped: number };
  };
}

export interface RotationProgress {
  phase: 'rotate' | 'rewrap' | 'reencrypt' | 'done';
  model: string | null;
  modelIndex: number;
  models: number;
  personKeys: number;
  documents: number;
  scanned: number;
  percent: number;
}

/**
 * Tenant data-key rotation without downtime, resumable: (1) a new key version becomes current, the previous one is
 * retired but still decrypts; (2) every process is told to pick the new key up; (3) person keys wrapped by the
 * previous key are re-wrapped under the new one (cheap, no field data); (4) every encrypted collection is walked
 * by ascending `_id` and values still sealed with a retired tenant key (or left in plaintext) are re-sealed with
 * compare-and-set, so concurrent writes win. The cursor lives in the job's data: a crash resumes from it.
 */
const rotateKeys: JobProcessor<RotationData> = async (job, { plugin: ctx, log }) => {
  const keys = ctx.privacy.keys;
  if (!keys) throw new Error('no key manager in this process');
  const { tenantId } = job.data;
  let state = job.data.state;
  if (!state) {
    const { keyId, previousKeyId } = await rotateTenantDataKey(keys, tenantId);
    const models = (ctx.platform?.models() ?? []).filter((m) => encryptorOf(m.schema) && m.schema.path('tenantId')).map((m) => m.modelName).sort();
    state = { phase: 'rewrap', newKeyId: keyId, previousKeyId, personCursor: null, models, modelIndex: 0, docCursor: null, counts: { personKeys: 0, documents: 0, scanned: 0, skipped: 0 } };
    await save(job, state);
    await ctx.bus.publish(KEYS_ROTATED_TOPIC, tenantId, { keyId });
    await ctx.privacy.audit.record({ tenantId, actor: job.data.requestedBy, action: 'key.rotate', target: { type: 'TenantDataKey', id: keyId }, details: { previousKeyId, jobId: job.id ?? null } });
    log.info({ tenantId, keyId, previousKeyId }, 'tenant data key rotated; re-wrapping and re-encrypting');
  }
  const progress = (model: string | null) => {
    const st = state!;
    const percent = st.phase === 'done' ? 100 : st.phase === 'rewrap' ? 5 : Math.round(15 + (85 * st.modelIndex) / Math.max(1, st.models.length));
    const p: RotationProgress = { phase: st.phase, model, modelIndex: st.modelIndex, models: st.models.length, personKeys: st.counts.personKeys, documents: st.counts.documents, scanned: st.counts.scanned, percent };
    return job.updateProgress(p as unknown as object);
  };

  while (state.phase === 'rewrap') {
    if (!state.previousKeyId) { state.phase = 'reencrypt'; break; }
    const r = await rewrapPersonKeys(keys, tenantId, state.previousKeyId, { after: state.personCursor, limit: 200 });
    state.counts.personKeys += r.changed;
    state.personCursor = r.lastId;
    if (r.done) state.phase = 'reencrypt';
    await save(job, state);
    await progress(null);
  }
  while (state.phase === 'reencrypt') {
    const name = state.models[state.modelIndex];
    if (!name) { state.phase = 'done'; break; }
    const model = ctx.platform!.model(name);
    const r = await reencryptBatch(model, tenantId, { after: state.docCursor, limit: 200 });
    state.counts.documents += r.changed;
    state.counts.scanned += r.scanned;
    state.counts.skipped += r.skipped;
    if (r.done) { state.modelIndex++; state.docCursor = null; } else state.docCursor = r.lastId;
    await save(job, state);
    await progress(name);
  }
  await save(job, state);
  await progress(null);
  await ctx.privacy.audit.record({ tenantId, actor: job.data.requestedBy, action: 'key.reencrypt', target: { type: 'TenantDataKey', id: state.newKeyId }, details: { ...state.counts, models: state.models.length, jobId: job.id ?? null } });
  return { keyId: state.newKeyId, previousKeyId: state.previousKeyId, ...state.counts };
};

async function save(job: Job<RotationData>, state: NonNullable<RotationData['state']>): Promise<void> {
  await job.updateData({ ...job.data, state });
}

export default rotateKeys;
