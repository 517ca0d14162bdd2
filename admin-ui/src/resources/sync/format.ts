import type { SyncDevice, SyncOp } from './types';

const NONE = '—';

/** Milliseconds as the dashboards show them: `850 ms`, `1.2 s`, `2.5 min`; '—' when unknown. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** An amount in its currency for the viewer's locale (`€12.50`); without a currency just the number. */
export function formatPrice(amount: number | null | undefined, currency: string | null | undefined, locale = 'en'): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return NONE;
  if (!currency) return amount.toFixed(2);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];

/** How long ago (or from now) `iso` is, in the largest whole unit: `5 seconds ago`, `3 minutes ago`; '—' when absent. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now(), locale = 'en'): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(at)) return NONE;
  const diff = at - now;
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return fmt.format(Math.trunc(diff / size), unit);
  }
  return fmt.format(0, 'second');
}

/** A device's sync status chip: its last digest check matched, did not, or never ran. */
export type SyncStatus = 'in_sync' | 'diverged' | 'unknown';

export function syncStatus(device: Pick<SyncDevice, 'inSync'>): SyncStatus {
  return device.inSync === true ? 'in_sync' : device.inSync === false ? 'diverged' : 'unknown';
}

/** Commits the device has not applied yet (current seq − seen seq, never negative); null when it never said. */
export function seqLag(seenSeq: number | null | undefined, seq: number): number | null {
  return seenSeq === null || seenSeq === undefined ? null : Math.max(0, seq - seenSeq);
}

/** Op kinds of a commit in order of first appearance, repeats counted: `cart.add ×2, wishlist.add`. */
export function opKindsSummary(ops: Pick<SyncOp, 'kind'>[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op.kind, (counts.get(op.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind)).join(', ');
}

/** What a person key names: `p:<personId>` (a known person), `a:<anonymousId>` (a device not yet stitched). */
export function parsePersonKey(key: string): { kind: 'person' | 'anonymous' | 'other'; value: string } {
  if (key.startsWith('p:')) return { kind: 'person', value: key.slice(2) };
  if (key.startsWith('a:')) return { kind: 'anonymous', value: key.slice(2) };
  return { kind: 'other', value: key };
}

/** The sync state id of an identity person. */
export function personKeyOf(personId: string): string {
  return `p:${personId}`;
}

/** Devices in the order the table lists them: online first, then most recently seen, then by id. */
export function sortDevices<T extends Pick<SyncDevice, 'online' | 'lastSeenAt' | 'deviceId'>>(devices: T[]): T[] {
  return [...devices].sort((a, b) => Number(b.online) - Number(a.online) || (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? '') || a.deviceId.localeCompare(b.deviceId));
}
