import type { ModelSpec } from '../db/define-model.ts';

/**
 * Shopper events as received: append-only, unique per (tenant, eventId) so retried batches store nothing twice.
 * `traits` and the originals of redacted properties are sealed with the key of the event's subject (`keyRef`:
 * `user:<userId>` or `anon:<anonymousId>`), so shredding that key on erasure makes every copy unreadable.
 */
export const EventSpec: ModelSpec = {
  name: 'Event',
  collection: 'core_events',
  idPrefix: 'evt_',
  fields: {
    eventId: { type: String, required: true, pii: 'none' },
    type: { type: String, required: true, pii: 'none' },
    anonymousId: { type: String, default: null, pii: 'device_id' },
    userId: { type: String, default: null, pii: 'identifier' },
    deviceId: { type: String, default: null, pii: 'device_id' },
    personId: { type: String, default: null, pii: 'identifier' },
    channel: { type: String, required: true, pii: 'none' },
    device: { type: Object, default: null, pii: 'none' },
    timestamp: { type: Date, required: true, pii: 'none' },
    receivedAt: { type: Date, required: true, pii: 'none' },
    properties: { type: Object, default: {}, pii: 'behavioral' },
    traits: { type: Object, default: null, pii: 'free_text' },
    /** Originals of string properties whose PII was replaced by type tags at ingestion (redact-properties.ts). */
    redacted: { type: Object, default: null, pii: 'free_text' },
    /** Whose key seals this event's personal fields. */
    keyRef: { type: String, default: null, pii: 'identifier' },
    context: { type: Object, default: null, pii: 'behavioral' },
    keyId: { type: String, required: true, pii: 'none' },
  },
  personPath: 'keyRef',
  indexes: [
    [{ tenantId: 1, eventId: 1 }, { unique: true }],
    [{ tenantId: 1, receivedAt: -1 }],
    [{ tenantId: 1, anonymousId: 1 }],
    [{ tenantId: 1, userId: 1 }],
  ],
  // Raw shopper events: 13 months (a year of seasonality plus a month), then deleted by the retention job.
  retention: { field: 'receivedAt', days: 395 },
};
