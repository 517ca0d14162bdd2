import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../auth/scoped-query.ts';
import { coreError } from '../errors/app-error.ts';
import { parseListQuery } from '../http/list-query.ts';
import { IdParams, ListQuery, errors } from '../schemas/common.ts';
import { JOB_STATES, parseJobApiId, tenantJobs, toJobRecord, type JobState } from '../queues/job-view.ts';

const JobRecordSchema = Type.Object({
  id: Type.String(), queue: Type.String(), name: Type.String(), state: Type.String(), progress: Type.Unknown(),
  attemptsMade: Type.Integer(), failedReason: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()), returnvalue: Type.Unknown(),
  createdAt: Type.Union([Type.String(), Type.Null()]), processedAt: Type.Union([Type.String(), Type.Null()]), finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const JobDetail = Type.Intersect([JobRecordSchema, Type.Object({ logs: Type.Array(Type.String()) })]);
const QueueRecord = Type.Object({
  id: Type.String(), name: Type.String(), plugin: Type.String(),
  counts: Type.Record(Type.String(), Type.Integer()), workers: Type.Integer(), scope: Type.String(),
});

/** BullMQ jobs and queues of the tenant's enabled plugins: progress, logs, results, retry. */
export async function jobRoutes(app: FastifyInstance): Promise<void> {
  const { queues, workers, metrics } = app.lockstep;
  const tags = ['jobs'];

  const findJob = async (request: FastifyRequest) => {
    const ref = parseJobApiId((request.params as any).id);
    if (!ref || !queues.has(ref.queue)) throw coreError('CORE_ERR_NOT_FOUND', ['Job']);
    const job = await queues.get(ref.queue).getJob(ref.id);
    if (!job || job.data?.tenantId !== tenantOf(request)) throw coreError('CORE_ERR_NOT_FOUND', ['Job']);
    return job;
  };

  app.get('/api/jobs', { config: { access: { action: 'read', subject: 'Job' } }, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(JobRecordSchema), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, { sortable: ['createdAt', 'name', 'queue', 'state'], filterable: ['queue', 'state', 'name'], defaultSort: ['createdAt', 'DESC'] });
    const { queue, state, name } = q.filter as { queue?: string; state?: string; name?: string };
    if (queue !== undefined && (typeof queue !== 'string' || !queues.has(queue))) throw coreError('CORE_ERR_QUEUE_UNKNOWN', [String(queue)]);
    if (state !== undefined && !(JOB_STATES as readonly string[]).includes(String(state))) throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`filter.state must be one of ${JOB_STATES.join(', ')}`]);
    let rows = await tenantJobs(queues, tenantOf(request), { queue, states: state ? [state as JobState] : undefined });
    if (name) rows = rows.filter((r) => r.name === name);
    const [[field, dir]] = Object.entries(q.sort) as [string, number][];
    const key = field === '_id' ? 'id' : field;
    rows.sort((a, b) => String((a as any)[key] ?? '').localeCompare(String((b as any)[key] ?? '')) * dir);
    reply.header('Content-Range', `jobs ${q.skip}-${Math.max(q.skip, Math.min(rows.length, q.skip + q.limit) - 1)}/${rows.length}`);
    return rows.slice(q.skip, q.skip + q.limit);
  });

  app.get('/api/jobs/:id', { config: { access: { action: 'read', subject: 'Job' } }, schema: { tags, params: IdParams, response: { 200: JobDetail, ...errors(401, 403, 404) } } }, async (request) => {
    const job = await findJob(request);
    const [state, logs] = await Promise.all([job.getState(), queues.get(job.queueName).getJobLogs(job.id!, 0, 499)]);
    return { ...toJobRecord(job, state), logs: logs.logs };
  });

  app.post('/api/jobs/:id/retry', { config: { access: { action: 'retry', subject: 'Job' } }, schema: { tags, params: IdParams, response: { 200: JobRecordSchema, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const job = await findJob(request);
    const state = await job.getState();
    if (state !== 'failed') throw coreError('CORE_ERR_JOB_NOT_RETRYABLE', [job.id, state]);
    await job.retry('failed');
    request.log.info({ queue: job.queueName, jobId: job.id }, 'job retried');
    return toJobRecord(job, 'waiting');
  });

  app.get('/api/queues', { config: { access: { action: 'read', subject: 'Queue' } }, schema: { tags, summary: 'Queue depths (this tenant\'s jobs; platform-wide for platform owners)', response: { 200: Type.Array(QueueRecord), ...errors(401, 403) } } }, async (request, reply) => {
    const alive = await workers.alive();
    const platform = request.principal?.kind === 'user' && request.principal.platformRole === 'owner';
    const rows = await Promise.all(queues.declared().map(async (d) => {
      let counts: Record<string, number>;
      if (platform) {
        counts = await queues.get(d.name).getJobCounts(...JOB_STATES);
        for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: d.name, state }, n);
      } else {
        counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0]));
        for (const j of await tenantJobs(queues, tenantOf(request), { queue: d.name })) counts[j.state]++;
      }
      return { id: d.name, name: d.name, plugin: d.plugin, counts, workers: alive.filter((w) => w.queues.includes(d.name)).length, scope: platform ? 'platform' : 'tenant' };
    }));
    reply.header('Content-Range', `queues 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
    return rows;
  });
}
