import type { RaRecord } from 'react-admin';

/** A stored event as `GET /api/events` answers it (traits are named in `traitKeys`, never repeated). */
export interface StoredEvent extends RaRecord<string> {
  eventId: string;
  type: string;
  channel: string;
  anonymousId: string | null;
  userId: string | null;
  deviceId: string | null;
  personId: string | null;
  device: { os?: string; appVersion?: string; screen?: string } | null;
  timestamp: string;
  receivedAt: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown> | null;
  traitKeys: string[];
}

/** An event as the live stream pushes it: the server's own type, so the two cannot drift apart. */
export type { EventSummary } from '../../../../server/src/events/event-summary.ts';
import type { EventSummary } from '../../../../server/src/events/event-summary.ts';

/** What the client sends to narrow the stream; each list is an OR, absent means all. */
export interface StreamFilter {
  types?: string[];
  channels?: string[];
  anonymousIds?: string[];
  userIds?: string[];
}

export type StreamMessage =
  | { type: 'ready'; filter: StreamFilter }
  | { type: 'events'; events: EventSummary[] }
  | { type: 'lag'; dropped: number }
  | { type: 'error'; code: string; message: string };

export type VolumeBucket = 'hour' | 'day';

/** `GET /api/events/volume` */
export interface VolumeAnswer {
  bucket: VolumeBucket;
  from: string;
  to: string;
  utcOffset: number;
  channels: string[];
  buckets: { at: string; total: number; counts: Record<string, number> }[];
  totals: Record<string, number>;
  total: number;
}
