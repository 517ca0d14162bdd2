import type { ResourceProps } from 'react-admin';
import { catalogResources } from './resources/catalog';
import people from './resources/people';
import identityMerges from './resources/people/merges';
import identitySettings from './resources/people/settings';

/**
 * Console resources contributed by plugins, keyed by react-admin resource name (`<plugin>/<resource>`).
 * A plugin's pages stay registered when the tenant disables it; access follows the CASL rules the server sends.
 */
export const pluginResources: Record<string, Omit<ResourceProps, 'name'>> = {
  ...catalogResources,
  'identity/persons': people,
  'identity/merges': identityMerges,
  'identity/settings': identitySettings,
};
