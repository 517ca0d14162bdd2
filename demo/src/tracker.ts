import { createLockstep, type LockstepClient, type LockstepError, type LockstepEvent } from '../../sdk/src/index.ts';
import type { DeviceProfile } from './device.ts';
import { deviceIdOf } from './device.ts';

/** The SDK client of one device (events and lockstep.sync), plus a short log of what it tracked (shown in the page's footer). */
export interface Tracker {
  client: LockstepClient;
  profile: DeviceProfile;
  deviceId: string;
  /** Newest first. */
  log: Array<{ type: string; at: string; ok: boolean; note?: string }>;
  onLog(fn: () => void): void;
  /** Records what a tracking call returned (null = refused by the SDK). */
  note(type: string, event: LockstepEvent | null): void;
}

const LOG_SIZE = 12;

export function createTracker(endpoint: string, publishableKey: string, profile: DeviceProfile): Tracker {
  const listeners: Array<() => void> = [];
  const log: Tracker['log'] = [];
  const push = (entry: Tracker['log'][number]) => {
    log.unshift(entry);
    log.length = Math.min(log.length, LOG_SIZE);
    for (const fn of listeners) fn();
  };
  const deviceId = deviceIdOf(profile);
  const client = createLockstep({
    endpoint,
    publishableKey,
    channel: profile.channel,
    device: profile.device,
    deviceId,
    storagePrefix: profile.prefix,
    // A demo: show events in the store within a second or two.
    flushIntervalMs: 1000,
    onError: (err: LockstepError) => {
      if (err.code === 'SDK_ERR_SEND_FAILED') return; // retried on its own
      console.warn('[lockstep]', err.code, err.message);
      // Sync problems show in the footer's sync line (it reconnects on its own); the log lists events.
      if (err.code.startsWith('SDK_ERR_SYNC_')) return;
      push({ type: err.events?.[0]?.type ?? 'sdk', at: new Date().toISOString(), ok: false, note: err.message });
    },
  });
  return {
    client, profile, deviceId, log,
    onLog: (fn) => { listeners.push(fn); },
    note(type, event) {
      push({ type, at: event?.timestamp ?? new Date().toISOString(), ok: event !== null });
    },
  };
}
