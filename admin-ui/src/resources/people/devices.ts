import type { Device } from './types';

/** An anonymousId and a deviceId first seen this close together, on the same kind of device, are one device. */
export const PAIR_WINDOW_MS = 10 * 60_000;

export interface DeviceRow extends Device {
  /** The row's stable key: the anonymousId, else the deviceId. */
  key: string;
}

const signature = (d: Device) => [d.channel ?? '', d.screen ?? '', d.os ?? '', d.appVersion ?? ''].join('|');
const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);
const earliest = (a: string | null, b: string | null) => (!a ? b : !b ? a : a < b ? a : b);
const latest = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);

/**
 * One row per physical device. The identity graph lists an app install's anonymousId and its deviceId as two
 * identifiers; a client that sends both on every event (the SDK with `deviceId`) makes them appear together. They are
 * shown as one device when they share channel, screen, OS and app version and were first seen within PAIR_WINDOW_MS
 * (nearest first); anything ambiguous stays a row of its own.
 */
export function groupDevices(devices: Device[]): DeviceRow[] {
  const rows: DeviceRow[] = [];
  const anonymous = devices.filter((d) => d.anonymousId && !d.deviceId);
  const byDeviceId = devices.filter((d) => d.deviceId && !d.anonymousId);
  const paired = new Set<Device>();
  for (const a of [...anonymous].sort((x, y) => time(x.firstSeenAt) - time(y.firstSeenAt))) {
    let best: Device | undefined;
    let bestGap = Infinity;
    for (const d of byDeviceId) {
      if (paired.has(d) || signature(d) !== signature(a)) continue;
      const gap = Math.abs(time(d.firstSeenAt) - time(a.firstSeenAt));
      if (gap <= PAIR_WINDOW_MS && gap < bestGap) {
        best = d;
        bestGap = gap;
      }
    }
    if (best) {
      paired.add(best);
      paired.add(a);
      rows.push({
        ...a, key: a.anonymousId!, deviceId: best.deviceId,
        firstSeenAt: earliest(a.firstSeenAt, best.firstSeenAt), lastSeenAt: latest(a.lastSeenAt, best.lastSeenAt),
      });
    }
  }
  for (const d of devices) if (!paired.has(d)) rows.push({ ...d, key: (d.anonymousId ?? d.deviceId ?? d.id ?? '') as string });
  return rows.sort((x, y) => (y.lastSeenAt ?? '').localeCompare(x.lastSeenAt ?? ''));
}
