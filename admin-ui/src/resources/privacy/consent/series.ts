import type { ConsentStats } from './types';

/** Percent with no decimals, or '—' when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/**
 * Changes per day for the chart: one row per day of the window (days without changes included, so the axis is
 * time), granted and withdrawn summed over `purpose` (all purposes when null).
 */
export function dailySeries(stats: Pick<ConsentStats, 'from' | 'to' | 'timeline'>, purpose: string | null): { day: string; granted: number; withdrawn: number }[] {
  const rows = new Map<string, { day: string; granted: number; withdrawn: number }>();
  const start = Date.parse(`${stats.from.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(`${stats.to.slice(0, 10)}T00:00:00Z`);
  for (let t = start; t <= end && rows.size < 400; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    rows.set(day, { day, granted: 0, withdrawn: 0 });
  }
  for (const r of stats.timeline) {
    if (purpose !== null && r.purpose !== purpose) continue;
    const row = rows.get(r.day) ?? rows.set(r.day, { day: r.day, granted: 0, withdrawn: 0 }).get(r.day)!;
    row.granted += r.granted;
    row.withdrawn += r.withdrawn;
  }
  return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Channel × purpose rates as a matrix: channels as rows, purposes as columns. */
export function channelMatrix(stats: Pick<ConsentStats, 'channels'>): { channels: string[]; purposes: string[]; cell(channel: string, purpose: string): ConsentStats['channels'][number] | undefined } {
  const channels = [...new Set(stats.channels.map((c) => c.channel))].sort();
  const purposes = [...new Set(stats.channels.map((c) => c.purpose))].sort();
  const byKey = new Map(stats.channels.map((c) => [`${c.channel}\u0000${c.purpose}`, c]));
  return { channels, purposes, cell: (channel, purpose) => byKey.get(`${channel}\u0000${purpose}`) };
}
