import health from './health';
import settings from './settings';
import states from './states';

/** The sync plugin's console resources, named `<plugin>/<resource>` (served under /api/plugins/sync). */
export const syncResources = {
  'sync/states': states,
  'sync/health': health,
  'sync/settings': settings,
};
