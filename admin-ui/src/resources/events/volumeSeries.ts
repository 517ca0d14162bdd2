import type { VolumeAnswer, VolumeBucket } from './types';

export interface VolumeRow {
  at: string;
  label: string;
  [channel: string]: number | string;
}

/** Chart rows: one per bucket with a number for every channel (0 when absent), labelled in the viewer's time. */
export function volumeRows(answer: VolumeAnswer, locale = 'en'): VolumeRow[] {
  const fmt = new Intl.DateTimeFormat(locale, answer.bucket === 'hour' ? { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' } : { year: 'numeric', month: 'numeric', day: 'numeric' });
  return answer.buckets.map((b) => {
    const row: VolumeRow = { at: b.at, label: fmt.format(new Date(b.at)) };
    for (const channel of answer.channels) row[channel] = b.counts[channel] ?? 0;
    return row;
  });
}

export const VOLUME_SPANS = ['24h', '7d', '30d'] as const;
export type VolumeSpan = (typeof VOLUME_SPANS)[number];

export interface VolumeRange {
  bucket: VolumeBucket;
  from: string;
  to: string;
  /** Minutes east of UTC, so day buckets start at the viewer's midnight. */
  utcOffset: number;
}

/** The query for the last 24 hours (hour buckets) or the last 7 / 30 days (day buckets, from local midnight), ending now. */
export function volumeRange(span: VolumeSpan, now: Date = new Date()): VolumeRange {
  const utcOffset = -now.getTimezoneOffset();
  const to = now.toISOString();
  const start = new Date(now);
  if (span === '24h') {
    start.setMinutes(0, 0, 0);
    return { bucket: 'hour', from: new Date(start.getTime() - 23 * 3_600_000).toISOString(), to, utcOffset };
  }
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - ((span === '7d' ? 7 : 30) - 1));
  return { bucket: 'day', from: start.toISOString(), to, utcOffset };
}
