import type { JobProcessor } from '../../../server/src/core/plugin-contract.ts';
import { PLATFORM_CHAIN } from '../audit/audit-types.ts';
import { RUN_MODEL, allTenantIds, runRetention } from './retention.service.ts';

/**
 * The retention job (queue `privacy-retention`). Two shapes:
 * - `{tenantId: <tenant>, runId}`: a run requested from the console ("run now") for one tenant;
 * - `{tenantId: 'platform'}`: the hourly repeatable job; creates one run per tenant and sweeps them in turn.
 */
const retentionJob: JobProcessor<{ runId?: string }> = async (job, { plugin: ctx, log }, signal) => {
  const Runs = ctx.model(RUN_MODEL);
  if (job.data.tenantId !== PLATFORM_CHAIN) {
    if (!job.data.runId) throw new Error('retention job without runId');
    const outcome = await runRetention(ctx, job.data.tenantId, job.data.runId, { signal, onProgress: (done, total) => job.updateProgress(Math.round((done / Math.max(total, 1)) * 100)) });
    return { runId: outcome.runId, deleted: outcome.deleted };
  }
  const tenants = await allTenantIds(ctx);
  let deleted = 0;
  const failed: string[] = [];
  for (const [i, tenantId] of tenants.entries()) {
    const run = await Runs.create({ tenantId, trigger: 'schedule', status: 'queued', jobId: job.id ?? null });
    try {
      deleted += (await runRetention(ctx, tenantId, run._id, { signal })).deleted;
    } catch (err) {
      // One tenant's failure (kept on its run) does not stop the others'; the job fails at the end and retries.
      failed.push(tenantId);
      log.warn({ tenantId, runId: run._id, err }, 'retention run failed');
    }
    await job.updateProgress(Math.round(((i + 1) / tenants.length) * 100));
  }
  if (failed.length) throw new Error(`retention failed for ${failed.length} of ${tenants.length} tenants`);
  return { tenants: tenants.length, deleted };
};

export default retentionJob;
