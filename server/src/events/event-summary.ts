/**
 * The short form of a stored event that travels on the event bus (`events.ingested`) and to live-stream
 * sockets: enough to show and filter it, small enough that a batch of 500 stays a modest pub/sub message, so no
 * subscriber has to read the store per event.
 */
export interface EventSummary {
  id: string;
  eventId: string;
  type: string;
  channel: string;
  anonymousId: string | null;
  userId: string | null;
  deviceId: string | null;
  /** Screen class and OS of the device, when the client sent them. */
  device: { screen?: string; os?: string } | null;
  timestamp: string;
  receivedAt: string;
  /** A few scalar properties (ids, query, amounts), strings cut to SUMMARY_STRING_MAX characters. */
  properties: Record<string, string | number | boolean>;
  /** How many properties the event has in all (the summary keeps at most SUMMARY_MAX_PROPERTIES). */
  propertyCount: number;
}

export const SUMMARY_MAX_PROPERTIES = 8;
export const SUMMARY_STRING_MAX = 120;

/** Shown first when present: the keys that identify what happened. */
const PREFERRED = [
  'productId', 'variantId', 'query', 'orderId', 'total', 'price', 'currency', 'quantity', 'step', 'rating',
  'purpose', 'granted', 'conversationId', 'previousId', 'url', 'title',
];
/** Free text a shopper typed: personal data that a live stream has no need to repeat. */
const OMITTED = new Set(['text']);

function scalar(v: unknown): string | number | boolean | undefined {
  if (typeof v === 'string') return v.length > SUMMARY_STRING_MAX ? `${v.slice(0, SUMMARY_STRING_MAX - 1)}…` : v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v;
  return undefined;
}

function summarizeProperties(props: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const keys = [...PREFERRED.filter((k) => k in props), ...Object.keys(props).filter((k) => !PREFERRED.includes(k))];
  for (const key of keys) {
    if (Object.keys(out).length >= SUMMARY_MAX_PROPERTIES) break;
    if (OMITTED.has(key)) continue;
    const v = key === 'items' && Array.isArray(props.items) ? props.items.length : scalar(props[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : new Date(String(d)).toISOString());

/** Summary of a stored event document (the shape IngestService writes or a lean read returns). */
export function summarizeEvent(doc: Record<string, any>): EventSummary {
  const props = (doc.properties ?? {}) as Record<string, unknown>;
  const device = doc.device ? { ...(doc.device.screen ? { screen: String(doc.device.screen) } : {}), ...(doc.device.os ? { os: String(doc.device.os) } : {}) } : null;
  return {
    id: String(doc._id ?? doc.id),
    eventId: doc.eventId,
    type: doc.type,
    channel: doc.channel,
    anonymousId: doc.anonymousId ?? null,
    userId: doc.userId ?? null,
    deviceId: doc.deviceId ?? null,
    device,
    timestamp: iso(doc.timestamp),
    receivedAt: iso(doc.receivedAt),
    properties: summarizeProperties(props),
    propertyCount: Object.keys(props).length,
  };
}
