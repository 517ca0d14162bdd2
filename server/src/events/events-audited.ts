import type { EventsAccess, StoredEvent } from './events-access.ts';

/** A plugin's events API that reports every read (for the plugin-access audit; see PluginAccessLog). */
export function auditedEvents(events: EventsAccess, note: (tenantId: string, read: StoredEvent[]) => void): EventsAccess {
  return {
    byIds: async (tenantId, eventIds) => { const read = await events.byIds(tenantId, eventIds); note(tenantId, read); return read; },
    find: async (tenantId, q) => { const read = await events.find(tenantId, q); note(tenantId, read); return read; },
    attribute: (tenantId, who, personId) => events.attribute(tenantId, who, personId),
  };
}
