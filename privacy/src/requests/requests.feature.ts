import { Type } from 'typebox';
import type { PrivacyFeature } from '../plugin/feature.ts';
import { PrivacyExportSpec, PrivacyRequestSettingsSpec, PrivacyRequestSpec } from './request.model.ts';
import { REMIND_EVERY_MS, REMIND_SCHEDULER_ID, ALL_TENANTS } from './reminders.ts';
import { requestRoutes, RUN_JOB } from './requests.routes.ts';

export const REQUESTS_QUEUE = 'privacy-requests';
export const REMIND_JOB = 'remind-due';

/**
 * Data-subject requests (access/export, erasure, rectification) as jobs of the privacy plugin. The CASL subject
 * `PrivacyRequest` is the core's (server/src/auth/ability.ts grants compliance officers read/create/update), so
 * this feature declares no permission of its own.
 */
export const requestsFeature: PrivacyFeature = {
  name: 'requests',
  models: [PrivacyRequestSpec, PrivacyExportSpec, PrivacyRequestSettingsSpec],
  routes: requestRoutes,
  jobs: [
    {
      name: RUN_JOB, queue: REQUESTS_QUEUE, processor: () => import('./run-request.job.ts'),
      concurrency: 2, attempts: 5, backoffMs: 2000,
      payloadSchema: Type.Object({ requestId: Type.String({ minLength: 1, maxLength: 100 }) }),
    },
    { name: REMIND_JOB, queue: REQUESTS_QUEUE, processor: () => import('./remind-due.job.ts'), attempts: 3, backoffMs: 5000 },
  ],
  // Every API and worker process upserts the same scheduler: idempotent, one schedule per Redis prefix.
  onReady: async (ctx) => {
    await ctx.queue(REQUESTS_QUEUE).upsertJobScheduler(REMIND_SCHEDULER_ID, { every: REMIND_EVERY_MS }, { name: REMIND_JOB, data: { tenantId: ALL_TENANTS } });
  },
  resources: ['privacy/requests'],
};
