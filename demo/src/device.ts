import type { Channel, DeviceInfo } from '../../sdk/src/index.ts';
import { uuid } from '../../sdk/src/index.ts';

/**
 * The device this window acts as. Each kind is a separate device of the shopper: its own anonymousId, deviceId,
 * login, cart and wishlist (stored under its own prefix), its own channel and device info on every event. The choice
 * is per window (sessionStorage), so two windows of one browser can be the "phone" and the "desktop".
 */
export type DeviceKind = 'phone' | 'desktop';

export interface DeviceProfile {
  kind: DeviceKind;
  label: string;
  channel: Channel;
  device: DeviceInfo;
  /** Storage prefix of everything this device keeps. */
  prefix: string;
}

const CHOICE_KEY = 'lockstep-demo.device';
const APP_VERSION = 'demo-1.0';

function desktopOs(): string {
  const p = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  if (/mac/i.test(p)) return 'macOS';
  if (/win/i.test(p)) return 'Windows';
  if (/linux/i.test(p)) return 'Linux';
  return p || 'desktop';
}

export function profileOf(kind: DeviceKind): DeviceProfile {
  return kind === 'phone'
    ? { kind, label: 'Phone', channel: 'ios', device: { os: 'iOS', appVersion: APP_VERSION, screen: 'phone' }, prefix: 'lockstep-demo.phone' }
    : { kind, label: 'Desktop', channel: 'web', device: { os: desktopOs(), appVersion: APP_VERSION, screen: 'desktop' }, prefix: 'lockstep-demo.desktop' };
}

const isKind = (v: unknown): v is DeviceKind => v === 'phone' || v === 'desktop';

/** `?device=phone|desktop`, else this window's last choice, else a guess from the viewport width. */
export function initialDevice(): DeviceKind {
  const url = new URL(location.href);
  const asked = url.searchParams.get('device');
  if (isKind(asked)) {
    rememberDevice(asked);
    return asked;
  }
  try {
    const chosen = sessionStorage.getItem(CHOICE_KEY);
    if (isKind(chosen)) return chosen;
  } catch {
    // no sessionStorage: guess
  }
  return window.innerWidth < 700 ? 'phone' : 'desktop';
}

export function rememberDevice(kind: DeviceKind): void {
  try {
    sessionStorage.setItem(CHOICE_KEY, kind);
  } catch {
    // the choice lasts for this page only
  }
}

/** A stable id per device kind in this browser (what a native app would keep in its keychain). */
export function deviceIdOf(profile: DeviceProfile): string {
  const key = `${profile.prefix}.deviceId`;
  try {
    const existing = localStorage.getItem(key);
    if (existing) return existing;
    const id = `dev-${profile.kind}-${uuid()}`;
    localStorage.setItem(key, id);
    return id;
  } catch {
    return `dev-${profile.kind}-${uuid()}`;
  }
}
