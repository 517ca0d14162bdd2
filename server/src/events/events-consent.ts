import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import type { EventsAccess, StoredEvent } from './events-access.ts';

/** The purposes a plugin's data access is for: its events purpose, else the non-necessary purposes it declares. */
export function processingPurposes(definition: { purposes?: string[]; events?: { purpose?: string } }): string[] {
  if (definition.events?.purpose) return definition.events.purpose === 'necessary' ? [] : [definition.events.purpose];
  return [...new Set((definition.purposes ?? []).filter((p) => p !== 'necessary'))];
}

/**
 * Keeps the events whose person granted every purpose (one privacy.allowedMany call for the batch, which resolves
 * each event's device or user to its person): the core never hands a plugin data for a purpose not granted.
 */
export async function consentedEvents(privacy: PrivacyApi, tenantId: string, events: StoredEvent[], purposes: string[]): Promise<StoredEvent[]> {
  if (!purposes.length || !events.length) return events;
  const asks = events.flatMap((e) => purposes.map((purpose) => ({ subject: { personId: e.personId, userId: e.userId, anonymousId: e.anonymousId, deviceId: e.deviceId }, purpose })));
  const decisions = await privacy.allowedMany(tenantId, asks);
  return events.filter((_, i) => purposes.every((__, j) => decisions[i * purposes.length + j]!.allowed));
}

/** A plugin's view of the events API: reads leave out persons who did not grant the plugin's purposes. */
export function consentFilteredEvents(events: EventsAccess, privacy: PrivacyApi, purposes: string[]): EventsAccess {
  if (!purposes.length) return events;
  return {
    byIds: async (tenantId, eventIds) => consentedEvents(privacy, tenantId, await events.byIds(tenantId, eventIds), purposes),
    find: async (tenantId, q) => consentedEvents(privacy, tenantId, await events.find(tenantId, q), purposes),
    attribute: (tenantId, who, personId) => events.attribute(tenantId, who, personId),
  };
}
