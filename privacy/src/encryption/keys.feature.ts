import type { PrivacyFeature } from '../plugin/feature.ts';
import { keyRoutes } from './keys.routes.ts';
import { KEYS_QUEUE, KEYS_ROTATED_TOPIC, ROTATE_KEYS_JOB } from './rotation/rotate-keys.job.ts';

/** Encryption keys: status and resumable tenant-key rotation (BullMQ). */
export const keysFeature: PrivacyFeature = {
  name: 'keys',
  permissions: [
    {
      subject: 'EncryptionKey', actions: ['read', 'rotate'], description: 'Field-encryption keys of the tenant (ids and versions, never key material) and their rotation',
      grants: { compliance_officer: ['read', 'rotate'] },
    },
  ],
  routes: keyRoutes,
  jobs: [{ name: ROTATE_KEYS_JOB, queue: KEYS_QUEUE, processor: () => import('./rotation/rotate-keys.job.ts'), concurrency: 1, attempts: 5, backoffMs: 2000 }],
  onReady: async (ctx) => {
    // A rotation elsewhere: use the new tenant key from the next seal on (values sealed meanwhile with the old one
    // are picked up by the job's re-encryption pass).
    ctx.bus.subscribe<{ keyId: string }>(KEYS_ROTATED_TOPIC, (e) => { ctx.privacy.keys?.forgetCurrent(e.tenantId); });
  },
  resources: ['privacy/keys'],
};
