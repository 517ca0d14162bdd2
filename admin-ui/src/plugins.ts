import type { ResourceProps } from 'react-admin';
import { catalogResources } from './resources/catalog';
import people from './resources/people';
import identityMerges from './resources/people/merges';
import identitySettings from './resources/people/settings';
import privacyInventory from './resources/privacy/inventory';
import privacyKeys from './resources/privacy/keys';
import privacyAudits from './resources/privacy/report';
import privacyRetention from './resources/privacy/retention';
import privacyRequests from './resources/privacy/requests';
import privacyConsent from './resources/privacy/consent';
import { syncResources } from './resources/sync';

/**
 * Console resources contributed by plugins, keyed by react-admin resource name (`<plugin>/<resource>`).
 * A plugin's pages stay registered when the tenant disables it; access follows the CASL rules the server sends.
 */
export const pluginResources: Record<string, Omit<ResourceProps, 'name'>> = {
  ...catalogResources,
  'identity/persons': people,
  'identity/merges': identityMerges,
  'identity/settings': identitySettings,
  'privacy/inventory': privacyInventory,
  'privacy/keys': privacyKeys,
  'privacy/audits': privacyAudits,
  'privacy/retention/policies': privacyRetention,
  'privacy/requests': privacyRequests,
  'privacy/consent': privacyConsent,
  ...syncResources,
};
