import type { Plugin } from '../../types';

/** What the console shows for a plugin: `failed` if it did not load, else `active`/`disabled` for this tenant. */
export function pluginState(plugin: Pick<Plugin, 'status' | 'enabled'>): string {
  if (plugin.status !== 'active') return plugin.status;
  return plugin.enabled === false ? 'disabled' : 'active';
}
