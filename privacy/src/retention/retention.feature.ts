import { Type } from 'typebox';
import type { PrivacyFeature } from '../plugin/feature.ts';
import { PLATFORM_CHAIN } from '../audit/audit-types.ts';
import { RETENTION_EVERY_MS, RETENTION_JOB, RETENTION_QUEUE, RETENTION_SCHEDULER_ID } from './constants.ts';
import { RetentionPolicySpec } from './retention-policy.model.ts';
import { RetentionRunSpec } from './retention-run.model.ts';
import { retentionRoutes } from './retention.routes.ts';

/**
 * Retention policies per collection, run as a scheduled job (the embedded store has no TTL indexes): declared
 * defaults (`ModelSpec.retention`), tenant overrides, an hourly sweep of every tenant and "run now" from the console.
 */
export const retentionFeature: PrivacyFeature = {
  name: 'retention',
  models: [RetentionPolicySpec, RetentionRunSpec],
  permissions: [{
    subject: 'RetentionPolicy', actions: ['read', 'update', 'run'],
    description: 'Retention policies per collection and their runs',
    grants: { compliance_officer: ['read', 'update', 'run'], analyst: ['read'] },
  }],
  routes: retentionRoutes,
  jobs: [{
    name: RETENTION_JOB, queue: RETENTION_QUEUE, processor: () => import('./retention.job.ts'), concurrency: 1, attempts: 3, backoffMs: 30_000,
    payloadSchema: Type.Object({ runId: Type.String({ minLength: 1, maxLength: 64 }) }),
  }],
  // One repeatable job for the whole platform (idempotent: every API instance upserts the same scheduler). A failure
  // here must not take the privacy plugin down: the next start tries again, and "run now" still works.
  onReady: async (ctx) => {
    await ctx.queue(RETENTION_QUEUE).upsertJobScheduler(RETENTION_SCHEDULER_ID, { every: RETENTION_EVERY_MS }, { name: RETENTION_JOB, data: { tenantId: PLATFORM_CHAIN } })
      .catch((err: unknown) => ctx.log.error({ err }, 'could not schedule the hourly retention job'));
  },
  resources: ['privacy/retention/policies'],
};
