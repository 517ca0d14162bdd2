import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { auditActor } from '../../../server/src/routes/audit.routes.ts';
import { errors } from '../../../server/src/schemas/common.ts';
import { keyRouteError } from './keys.errors.ts';
import { KEYS_QUEUE, ROTATE_KEYS_JOB, type RotationData } from './rotation/rotate-keys.job.ts';

const tags = ['privacy'];
const TenantKey = Type.Object({ id: Type.String(), kind: Type.String(), version: Type.Integer(), status: Type.String(), wrappedBy: Type.String(), createdAt: Type.String() });
const Rotation = Type.Object({
  jobId: Type.String(), state: Type.String(), progress: Type.Unknown(), attemptsMade: Type.Integer(), failedReason: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unknown(), createdAt: Type.Union([Type.String(), Type.Null()]), finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const KeyStatus = Type.Object({
  provider: Type.String(), masterKeyId: Type.String(),
  tenantKeys: Type.Array(TenantKey),
  personKeys: Type.Object({ active: Type.Integer(), shredded: Type.Integer() }),
  currentDataKeyAgeDays: Type.Union([Type.Number(), Type.Null()]),
  rotations: Type.Array(Rotation),
});

const iso = (ms?: number | null) => (ms ? new Date(ms).toISOString() : null);
const ACTIVE_STATES = ['active', 'waiting', 'delayed', 'prioritized'] as const;

/** Key status and rotation (compliance officers). */
export async function keyRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const queue = () => ctx.queue(KEYS_QUEUE);
  const rotationsOf = async (tenantId: string) => {
    const jobs = await queue().getJobs([...ACTIVE_STATES, 'completed', 'failed'], 0, 200);
    const mine = jobs.filter((j) => j?.data?.tenantId === tenantId && j.name === ROTATE_KEYS_JOB).sort((a, b) => b.timestamp - a.timestamp).slice(0, 20);
    return Promise.all(mine.map(async (j) => ({
      jobId: j.id!, state: await j.getState(), progress: j.progress ?? 0, attemptsMade: j.attemptsMade, failedReason: j.failedReason ?? null,
      result: j.returnvalue ?? null, createdAt: iso(j.timestamp), finishedAt: iso(j.finishedOn),
    })));
  };

  app.get('/keys', { config: { access: { action: 'read', subject: 'EncryptionKey' } }, schema: { tags, summary: 'Encryption keys of this tenant (never key material) and recent rotations', response: { 200: KeyStatus, ...errors(401, 403) } } }, async (request) => {
    const tenantId = tenantOf(request);
    const keys = ctx.privacy.keys!;
    const Keys = ctx.platform!.model('PrivacyKey');
    const tenantKeys = await Keys.find({ tenantId, kind: { $in: ['tenant-data', 'tenant-index'] } }).sort({ kind: 1, version: -1 }).lean<any[]>();
    const [active, shredded] = await Promise.all([
      Keys.countDocuments({ tenantId, kind: 'person', status: { $ne: 'shredded' } }),
      Keys.countDocuments({ tenantId, kind: 'person', status: 'shredded' }),
    ]);
    const current = tenantKeys.find((k) => k.kind === 'tenant-data' && k.status === 'active');
    return {
      provider: keys.provider.name, masterKeyId: await keys.provider.currentMasterKeyId(),
      tenantKeys: tenantKeys.map((k) => ({ id: k._id, kind: k.kind, version: k.version, status: k.status, wrappedBy: k.wrappedBy, createdAt: new Date(k.createdAt).toISOString() })),
      personKeys: { active, shredded },
      currentDataKeyAgeDays: current ? Math.round(((Date.now() - new Date(current.createdAt).getTime()) / 86_400_000) * 10) / 10 : null,
      rotations: await rotationsOf(tenantId),
    };
  });

  app.post('/keys/rotate', { config: { access: { action: 'rotate', subject: 'EncryptionKey' } }, schema: { tags, summary: 'Rotate the tenant data key: a background job re-wraps person keys and re-encrypts without downtime', response: { 202: Rotation, ...errors(401, 403, 409) } } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const running = (await rotationsOf(tenantId)).find((r) => (ACTIVE_STATES as readonly string[]).includes(r.state));
    if (running) throw keyRouteError('PRIVACY_ERR_KEYS_ROTATION_RUNNING', [running.state, running.jobId]);
    const actor = auditActor(request);
    const data: Omit<RotationData, 'tenantId'> = { requestedBy: actor.kind === 'plugin' ? { kind: 'system', id: actor.id } : actor as RotationData['requestedBy'] };
    const job = await ctx.enqueue(tenantId, ROTATE_KEYS_JOB, data as Record<string, unknown>, { jobId: `rotate-${tenantId}-${Date.now()}` });
    reply.code(202);
    return { jobId: job.id!, state: await job.getState(), progress: 0, attemptsMade: 0, failedReason: null, result: null, createdAt: iso(job.timestamp), finishedAt: null };
  });
}
