import type { Job, JobType } from 'bullmq';
import type { QueueRegistry } from './queue-registry.ts';

export const JOB_STATES = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobRecord {
  id: string; queue: string; name: string; state: string; progress: unknown; attemptsMade: number;
  failedReason: string | null; data: Record<string, unknown>; returnvalue: unknown;
  createdAt: string | null; processedAt: string | null; finishedAt: string | null;
}

const SEP = '~';
export const jobApiId = (queue: string, id: string) => `${queue}${SEP}${id}`;
export function parseJobApiId(apiId: string): { queue: string; id: string } | null {
  const i = apiId.indexOf(SEP);
  return i > 0 ? { queue: apiId.slice(0, i), id: apiId.slice(i + 1) } : null;
}

const iso = (ms?: number | null) => (ms ? new Date(ms).toISOString() : null);

export function toJobRecord(job: Job, state: string): JobRecord {
  return {
    id: jobApiId(job.queueName, job.id!), queue: job.queueName, name: job.name, state,
    progress: job.progress ?? 0, attemptsMade: job.attemptsMade, failedReason: job.failedReason ?? null,
    data: job.data ?? {}, returnvalue: job.returnvalue ?? null,
    createdAt: iso(job.timestamp), processedAt: iso(job.processedOn), finishedAt: iso(job.finishedOn),
  };
}

/**
 * Jobs of one tenant across the declared queues (jobs carry tenantId in their payload). Scans at most
 * `perState` of the newest jobs per queue and state: the console's view, not an analytics store.
 */
export async function tenantJobs(queues: QueueRegistry, tenantId: string | null, opts: { queue?: string; states?: readonly JobState[]; perState?: number } = {}): Promise<JobRecord[]> {
  const names = opts.queue ? [opts.queue] : queues.declared().map((q) => q.name);
  const out: JobRecord[] = [];
  for (const name of names) {
    const q = queues.get(name);
    for (const state of opts.states ?? JOB_STATES) {
      const jobs = await q.getJobs([state as JobType], 0, (opts.perState ?? 500) - 1, false);
      for (const j of jobs) if (j && (tenantId === null || j.data?.tenantId === tenantId)) out.push(toJobRecord(j, state));
    }
  }
  return out;
}
