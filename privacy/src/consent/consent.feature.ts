import type { BusEvent } from '../../../server/src/core/event-bus.ts';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { PrivacyFeature } from '../plugin/feature.ts';
import { consentRoutes } from './consent.routes.ts';
import { CONSENT_QUEUE, CONSENT_SYNC_JOB, ConsentSyncPayload } from './consent-sync.job.ts';
import type { ConsentChange } from './consent-service.ts';
import { CONSENT_CHANGED_TOPIC } from './consent-socket-hub.ts';


interface Merged { fromPersonId: string | null; intoPersonId: string; identifiers?: string[] }
interface Split { personId: string; newPersonId: string; identifiers?: string[] }

const wiring = new WeakMap<PluginContext, (() => void)[]>();

/**
 * Person-level consent: purposes and their versioned texts, the consent dashboard's data, and keeping choices with
 * the person when the identity graph merges or splits persons (a deduplicated job per merge, run by a worker).
 * Shoppers' devices use the /v1/consent routes (consent-public.routes.ts, registered by the core app).
 */
export const consentFeature: PrivacyFeature = {
  name: 'consent',
  permissions: [
    {
      subject: 'ConsentPurpose', actions: ['read', 'publish'],
      description: 'Consent purposes and their versioned texts: compliance officers publish new texts, merchants read them',
      grants: { compliance_officer: ['read', 'publish'], merchant: ['read'], analyst: ['read'], secret: ['read'], publishable: ['read'] },
    },
    {
      subject: 'ConsentRecord', actions: ['read', 'create'],
      description: 'Shoppers\' consent choices, history and the consent dashboard; publishable keys record a device\'s own choices',
      grants: { compliance_officer: ['read'], secret: ['read', 'create'], publishable: ['read', 'create'] },
    },
  ],
  routes: consentRoutes,
  jobs: [{
    name: CONSENT_SYNC_JOB, queue: CONSENT_QUEUE, processor: () => import('./consent-sync.job.ts'), payloadSchema: ConsentSyncPayload,
    attempts: 8, backoffMs: 500,
  }],
  resources: ['privacy/consent'],
  async onReady(ctx) {
    let consent;
    try {
      consent = ctx.privacy.consent;
    } catch {
      ctx.log.warn('privacy API without a consent store: consent changes are not published nor merged');
      return;
    }
    const sync = (tenantId: string, action: 'merge' | 'split', from: string | null, into: string, identifiers: string[]) =>
      ctx.enqueue(tenantId, CONSENT_SYNC_JOB, { action, fromPersonId: from, intoPersonId: into, identifiers }, { jobId: `consent-${action}-${from ?? 'none'}-${into}` })
        .catch((err) => ctx.log.warn({ err, action }, 'consent sync job not queued'));
    wiring.set(ctx, [
      consent.onChange((change: ConsentChange) => ctx.bus.publish(CONSENT_CHANGED_TOPIC, change.tenantId, { personId: change.personId, subjects: change.subjects, purposes: change.purposes, source: change.source })),
      ctx.bus.subscribe<Merged>('identity.merged', (e: BusEvent<Merged>) => { if (e.payload?.intoPersonId) void sync(e.tenantId, 'merge', e.payload.fromPersonId ?? null, e.payload.intoPersonId, e.payload.identifiers ?? []); }),
      ctx.bus.subscribe<Split>('identity.split', (e: BusEvent<Split>) => { if (e.payload?.newPersonId) void sync(e.tenantId, 'split', e.payload.personId, e.payload.newPersonId, e.payload.identifiers ?? []); }),
    ]);
  },
  async onClose(ctx) {
    for (const off of wiring.get(ctx) ?? []) off();
    wiring.delete(ctx);
  },
};
