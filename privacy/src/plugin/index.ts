import { definePlugin } from '../../../server/src/core/plugin-contract.ts';
import type { PrivacyFeature } from './feature.ts';
import { keysFeature } from '../encryption/keys.feature.ts';
import { pseudonymsFeature } from '../pseudonyms/pseudonyms.feature.ts';
import { complianceFeature } from '../compliance/compliance.feature.ts';
import { retentionFeature } from '../retention/retention.feature.ts';
import { requestsFeature } from '../requests/requests.feature.ts';
import { consentFeature } from '../consent/consent.feature.ts';

/**
 * The privacy layer's own plugin: part of the platform (`required`), loaded by every API and worker process. It
 * carries the privacy concerns that need routes, jobs or console pages; the library (consent policy, audit log,
 * encryption, PII detection, anonymisation) lives in the sibling folders and is handed to every plugin as
 * `ctx.privacy`.
 */
const FEATURES: PrivacyFeature[] = [keysFeature, pseudonymsFeature, complianceFeature, retentionFeature, requestsFeature, consentFeature];

export default definePlugin({
  name: 'privacy',
  version: '0.1.0',
  description: 'Privacy layer: field-encryption keys, consent, data-subject requests, retention and compliance reports',
  coreCompatibility: '^0.1.0',
  required: true,
  purposes: ['necessary'],
  permissions: FEATURES.flatMap((f) => f.permissions ?? []),
  models: FEATURES.flatMap((f) => f.models ?? []),
  jobs: FEATURES.flatMap((f) => f.jobs ?? []),
  routes: async (app, ctx) => {
    for (const f of FEATURES) if (f.routes) await f.routes(app, ctx);
  },
  admin: { resources: FEATURES.flatMap((f) => f.resources ?? []) },
  hooks: {
    onReady: async (ctx) => { for (const f of FEATURES) await f.onReady?.(ctx); },
    onClose: async (ctx) => { for (const f of FEATURES) await f.onClose?.(ctx); },
  },
});
