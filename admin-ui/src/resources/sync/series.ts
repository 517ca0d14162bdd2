import type { HealthBucket, SyncHealth } from './types';

/** Windows of the health dashboard, in minutes. */
export const HEALTH_WINDOWS = [15, 60, 360, 1440] as const;
export type HealthWindow = (typeof HEALTH_WINDOWS)[number];

const MINUTE = 60_000;

export interface HealthRow {
  /** Start of the minute (ms since epoch): the chart's x axis. */
  t: number;
  label: string;
  p50: number | null;
  p99: number | null;
  commits: number;
  resyncs: number;
  digestMismatches: number;
  /** The server writes a minute only when something happened or a device was connected: a missing minute is 0. */
  connectedDevices: number;
}

/**
 * Chart rows: one per minute of the window ending at `now`'s minute, oldest first. Minutes the server did not report
 * have no convergence (null: a gap in the line, nothing converged) and zero counts and devices (the server skips
 * empty minutes); buckets outside the window are dropped, repeated minutes summed (percentiles: the worst).
 */
export function healthRows(health: Pick<SyncHealth, 'buckets'>, minutes: number, now: number = Date.now(), locale = 'en'): HealthRow[] {
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = end - (Math.max(1, Math.floor(minutes)) - 1) * MINUTE;
  const fmt = new Intl.DateTimeFormat(locale, minutes > 360 ? { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  const rows = new Map<number, HealthRow>();
  for (let t = start; t <= end; t += MINUTE) {
    rows.set(t, { t, label: fmt.format(new Date(t)), p50: null, p99: null, commits: 0, resyncs: 0, digestMismatches: 0, connectedDevices: 0 });
  }
  for (const b of health.buckets) {
    const at = Date.parse(b.t);
    if (!Number.isFinite(at)) continue;
    const row = rows.get(Math.floor(at / MINUTE) * MINUTE);
    if (!row) continue;
    row.p50 = maxOrNull(row.p50, b.convergenceP50);
    row.p99 = maxOrNull(row.p99, b.convergenceP99);
    row.commits += b.commits;
    row.resyncs += b.resyncs;
    row.digestMismatches += b.digestMismatches;
    row.connectedDevices = Math.max(row.connectedDevices, Number.isFinite(b.connectedDevices) ? b.connectedDevices : 0);
  }
  return [...rows.values()];
}

function maxOrNull(a: number | null, b: number | null | undefined): number | null {
  if (b === null || b === undefined || !Number.isFinite(b)) return a;
  return a === null ? b : Math.max(a, b);
}

export interface WindowTotals {
  commits: number;
  resyncs: number;
  digestMismatches: number;
  /** Worst minute of the window (the largest p99), null when nothing converged. */
  worstP99: number | null;
  peakDevices: number | null;
}

/** Sums and extremes over the window, for the captions under the charts. */
export function windowTotals(buckets: Pick<HealthBucket, 'commits' | 'resyncs' | 'digestMismatches' | 'convergenceP99' | 'connectedDevices'>[]): WindowTotals {
  let worstP99: number | null = null;
  let peakDevices: number | null = null;
  let commits = 0;
  let resyncs = 0;
  let digestMismatches = 0;
  for (const b of buckets) {
    commits += b.commits;
    resyncs += b.resyncs;
    digestMismatches += b.digestMismatches;
    worstP99 = maxOrNull(worstP99, b.convergenceP99);
    peakDevices = maxOrNull(peakDevices, b.connectedDevices);
  }
  return { commits, resyncs, digestMismatches, worstP99, peakDevices };
}
