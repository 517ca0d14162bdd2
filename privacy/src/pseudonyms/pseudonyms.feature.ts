import type { PrivacyFeature } from '../plugin/feature.ts';
import { pseudonymRoutes } from './pseudonyms.routes.ts';

/** Keyed pseudonyms (`ctx.privacy.pseudonym`) and their audited re-identification. */
export const pseudonymsFeature: PrivacyFeature = {
  name: 'pseudonyms',
  permissions: [
    {
      subject: 'Pseudonym', actions: ['reidentify'], description: 'Re-identification of pseudonyms used in analytics, training sets and exports (audited)',
      grants: { compliance_officer: ['reidentify'] },
    },
  ],
  routes: pseudonymRoutes,
};
