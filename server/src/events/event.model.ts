import type { ModelSpec } from '../db/define-model.ts';

/** Shopper events as received: append-only, unique per (tenant, eventId) so retried batches store nothing twice. */
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
    context: { type: Object, default: null, pii: 'behavioral' },
    keyId: { type: String, required: true, pii: 'none' },
  },
  indexes: [
    [{ tenantId: 1, eventId: 1 }, { unique: true }],
    [{ tenantId: 1, receivedAt: -1 }],
    [{ tenantId: 1, anonymousId: 1 }],
    [{ tenantId: 1, userId: 1 }],
  ],
};
