import { flatTraits } from '../services/merge-rules.ts';

const iso = (d: unknown): string | null => (d ? new Date(d as string).toISOString() : null);

/** Records as the API answers them (dates as ISO strings, traits flattened). */
export function personOut(p: any) {
  return {
    id: p._id, userId: p.userId ?? null, channels: p.channels ?? [], identifierCount: p.identifierCount ?? 0,
    firstSeenAt: iso(p.firstSeenAt), lastSeenAt: iso(p.lastSeenAt), traits: flatTraits(p.traits), mergedInto: p.mergedInto ?? null,
    createdAt: iso(p.createdAt) ?? new Date(0).toISOString(), updatedAt: iso(p.updatedAt) ?? new Date(0).toISOString(),
  };
}

const deviceOf = (d: any) => (d && Object.keys(d).length ? { ...(d.os ? { os: d.os } : {}), ...(d.appVersion ? { appVersion: d.appVersion } : {}), ...(d.screen ? { screen: d.screen } : {}) } : null);

export function identifierOut(d: any) {
  return {
    id: d._id, kind: d.kind, value: d.value, personId: d.personId, channel: d.channel ?? null, device: deviceOf(d.device),
    firstSeenAt: iso(d.firstSeenAt), lastSeenAt: iso(d.lastSeenAt), splitAt: iso(d.splitAt),
  };
}

export function deviceOut(d: any) {
  return {
    id: d._id, kind: d.kind, anonymousId: d.kind === 'anonymous_id' ? d.value : null, deviceId: d.kind === 'device_id' ? d.value : null,
    channel: d.channel ?? null, os: d.device?.os ?? null, appVersion: d.device?.appVersion ?? null, screen: d.device?.screen ?? null,
    firstSeenAt: iso(d.firstSeenAt), lastSeenAt: iso(d.lastSeenAt),
  };
}

export function eventOut(e: any) {
  return {
    id: e.id, eventId: e.eventId, type: e.type, anonymousId: e.anonymousId ?? null, userId: e.userId ?? null, deviceId: e.deviceId ?? null,
    personId: e.personId ?? null, channel: e.channel, device: deviceOf(e.device), timestamp: iso(e.timestamp), receivedAt: iso(e.receivedAt),
    properties: e.properties ?? {}, traits: e.traits ?? null, context: e.context ?? null,
  };
}
