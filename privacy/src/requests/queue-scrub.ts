import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every state a job can rest in; `active` is left alone (a worker holds its lock; it is retried or finishes). */
const STATES = ['waiting', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
const PAGE = 500;

/** Whether a job names any of the values: exactly as a JSON string in its data, or inside its result or failure. */
function mentions(job: { id?: string; data?: unknown; returnvalue?: unknown; failedReason?: string; stacktrace?: string[] | null }, quoted: string[], long: string[]): boolean {
  if (job.id && long.some((v) => job.id!.includes(v))) return true;
  const data = JSON.stringify(job.data ?? null);
  if (quoted.some((q) => data.includes(q))) return true;
  const rest = `${JSON.stringify(job.returnvalue ?? null)}\n${job.failedReason ?? ''}\n${(job.stacktrace ?? []).join('\n')}`;
  return quoted.some((q) => rest.includes(q)) || long.some((v) => rest.includes(v));
}

/**
 * Removes the jobs of every queue whose payload (or kept result/failure) names one of the subject's ids: queued work
 * about the person is dropped, and finished jobs kept for the console no longer carry the ids. `keep` spares the
 * request's own job.
 */
export async function removeSubjectJobs(queues: Queue[], values: string[], keep: (queue: string, jobId: string) => boolean): Promise<{ removed: number; scanned: number; queues: Record<string, number> }> {
  const quoted = values.map((v) => JSON.stringify(v));
  // Values long enough not to match by accident are also looked for inside free text.
  const long = values.filter((v) => v.length >= 8);
  let removed = 0;
  let scanned = 0;
  const byQueue: Record<string, number> = {};
  if (!values.length) return { removed, scanned, queues: byQueue };
  for (const queue of queues) {
    for (const state of STATES) {
      for (let start = 0; ; start += PAGE) {
        const jobs = await queue.getJobs([state], start, start + PAGE - 1, true);
        if (!jobs.length) break;
        let removedHere = 0;
        for (const job of jobs) {
          if (!job?.id) continue;
          scanned++;
          if (keep(queue.name, job.id) || !mentions(job, quoted, long)) continue;
          try {
            await job.remove();
            removedHere++;
          } catch {
            // Became active meanwhile (locked): it runs against data that is gone, or is retried and scanned again.
          }
        }
        removed += removedHere;
        if (removedHere) byQueue[queue.name] = (byQueue[queue.name] ?? 0) + removedHere;
        // Removing shifts the list: re-read the same window.
        if (removedHere) start -= removedHere;
        if (jobs.length < PAGE) break;
      }
    }
  }
  return { removed, scanned, queues: byQueue };
}

const STREAM_PAGE = 2000;

/**
 * BullMQ's per-queue event streams (`<queue>:events`: added, completed, failed … with job ids, results and errors)
 * outlive the jobs: entries naming one of the values (e.g. a job id built from a person id) are deleted.
 */
export async function scrubEventStreams(queues: Queue[], values: string[]): Promise<number> {
  const long = values.filter((v) => v.length >= 8);
  if (!long.length) return 0;
  let deleted = 0;
  for (const queue of queues) {
    const client = await (queue.getBackend() as unknown as { client: Promise<Redis> }).client;
    const key = queue.keys.events;
    let start = '-';
    for (;;) {
      const entries = await client.xrange(key, start, '+', 'COUNT', STREAM_PAGE);
      if (!entries.length) break;
      const hits = entries.filter(([, fields]) => { const text = fields.join('\u0000'); return long.some((v) => text.includes(v)); }).map(([id]) => id);
      if (hits.length) deleted += await client.xdel(key, ...hits);
      if (entries.length < STREAM_PAGE) break;
      start = `(${entries.at(-1)![0]}`;
    }
  }
  return deleted;
}
