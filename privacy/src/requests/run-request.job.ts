import type { JobProcessor } from '../../../server/src/core/plugin-contract.ts';
import { runRequest } from './request-runner.ts';

/** `privacy-requests` / `run-request`: one run of a data-subject request (see request-runner.ts). */
const runRequestJob: JobProcessor<{ requestId: string }> = async (job, { plugin }) =>
  // One run of a request at a time, whichever worker holds the job (a console retry never overlaps a BullMQ retry).
  plugin.withLock(`request:${job.data.requestId}`, () => runRequest(plugin, job.data.tenantId, job.data.requestId, { made: job.attemptsMade, max: job.opts.attempts ?? 1 }), { ttlMs: 15 * 60_000, waitMs: 5_000 });

export default runRequestJob;
