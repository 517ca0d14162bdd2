import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { scopedFilter } from '../auth/scoped-query.ts';
import { coreError } from '../errors/app-error.ts';
import { findPage, parseListQuery, sendPage } from '../http/list-query.ts';
import { ListQuery, errors } from '../schemas/common.ts';

const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);

/** A stored event as the console reads it. Traits (personal data) are not repeated: `traitKeys` names them. */
const EventRecord = Type.Object({
  id: Type.String(), eventId: Type.String(), type: Type.String(), channel: Type.String(),
  anonymousId: Nullable(Type.String()), userId: Nullable(Type.String()), deviceId: Nullable(Type.String()), personId: Nullable(Type.String()),
  device: Nullable(Type.Object({ os: Type.Optional(Type.String()), appVersion: Type.Optional(Type.String()), screen: Type.Optional(Type.String()) })),
  timestamp: Type.String(), receivedAt: Type.String(),
  properties: Type.Record(Type.String(), Type.Unknown()),
  context: Nullable(Type.Record(Type.String(), Type.Unknown())),
  traitKeys: Type.Array(Type.String()),
});

export const VOLUME_BUCKETS = { hour: 3_600_000, day: 86_400_000 } as const;
export type VolumeBucket = keyof typeof VOLUME_BUCKETS;
/** At most this many buckets per answer (hour: ~41 days, day: ~2.7 years). */
export const MAX_VOLUME_BUCKETS = 1000;

const VolumeQuery = Type.Object({
  bucket: Type.Optional(Type.Enum(['hour', 'day'], { default: 'hour' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start (inclusive, receivedAt); default: 24 buckets before `to`' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End (exclusive); default: now' })),
  utcOffset: Type.Optional(Type.Integer({ minimum: -840, maximum: 840, default: 0, description: 'Minutes east of UTC that bucket edges align to (day buckets at local midnight)' })),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{2,40}$' })),
  type: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });

const VolumeAnswer = Type.Object({
  bucket: Type.String(), from: Type.String(), to: Type.String(), utcOffset: Type.Integer(),
  /** Channels seen in the range, busiest first. */
  channels: Type.Array(Type.String()),
  /** Every bucket of the range in order, empty ones included (counts per channel, absent = 0). */
  buckets: Type.Array(Type.Object({ at: Type.String(), total: Type.Integer(), counts: Type.Record(Type.String(), Type.Integer()) })),
  totals: Type.Record(Type.String(), Type.Integer()),
  total: Type.Integer(),
});

const LIST = {
  sortable: ['receivedAt', 'timestamp', 'type', 'channel'],
  filterable: ['type', 'channel', 'anonymousId', 'userId', 'deviceId', 'personId', 'from', 'to'],
  defaultSort: ['receivedAt', 'DESC'] as [string, 'DESC'],
};
/** filter.q matches any of these exactly (indexed lookups, not a text scan). */
const Q_FIELDS = ['eventId', 'anonymousId', 'userId', 'deviceId', 'personId'];

const iso = (d: unknown) => new Date(d as string).toISOString();

function out(d: Record<string, any>) {
  return {
    id: d._id, eventId: d.eventId, type: d.type, channel: d.channel,
    anonymousId: d.anonymousId ?? null, userId: d.userId ?? null, deviceId: d.deviceId ?? null, personId: d.personId ?? null,
    device: d.device ?? null, timestamp: iso(d.timestamp), receivedAt: iso(d.receivedAt),
    properties: d.properties ?? {}, context: d.context ?? null, traitKeys: d.traits ? Object.keys(d.traits) : [],
  };
}

function dateFilter(name: 'from' | 'to', v: unknown): Date {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`filter.${name}: expected an ISO date-time string`], { field: `querystring.filter.${name}` });
  return new Date(t);
}

/** Splits `from`/`to` out of the parsed filter into a receivedAt range; `q` becomes an exact match on any identifier. */
function eventFilter(parsed: Record<string, unknown>, rawFilter: string | undefined): Record<string, unknown> {
  const { from, to, ...rest } = parsed;
  const filter: Record<string, unknown> = { ...rest };
  const range: Record<string, Date> = {};
  if (from !== undefined) range.$gte = dateFilter('from', from);
  if (to !== undefined) range.$lt = dateFilter('to', to);
  if (range.$gte && range.$lt && range.$gte >= range.$lt) throw coreError('CORE_ERR_INVALID_LIST_QUERY', ['filter.from must be before filter.to'], { field: 'querystring.filter.from' });
  if (Object.keys(range).length) filter.receivedAt = range;
  // parseListQuery validated the JSON and that q is a string; it does not search without `searchable`.
  const q = rawFilter ? (JSON.parse(rawFilter) as { q?: string }).q?.trim() : undefined;
  if (q) filter.$or = Q_FIELDS.map((f) => ({ [f]: q }));
  return filter;
}

/** Edges of the buckets covering [from, to), aligned to `utcOffset` minutes east of UTC. */
export function bucketEdges(from: number, to: number, bucket: VolumeBucket, utcOffset: number): number[] {
  const size = VOLUME_BUCKETS[bucket];
  const shift = utcOffset * 60_000;
  const first = Math.floor((from + shift) / size) * size - shift;
  const edges: number[] = [];
  for (let at = first; at < to; at += size) edges.push(at);
  return edges;
}

/**
 * Read side of the shopper events (docs/events.md): `GET /api/events` (react-admin list with total) and
 * `GET /api/events/volume` (counts per channel per hour or day). Tenant-scoped through scopedFilter.
 */
export async function eventReadRoutes(app: FastifyInstance): Promise<void> {
  const { Event } = app.lockstep.models;
  const tags = ['events'];
  const access = { action: 'read', subject: 'Event' };

  app.get('/api/events', {
    config: { access },
    schema: {
      tags, summary: 'Stored events, newest first; filter by type, channel, anonymousId, userId, deviceId, personId, from/to (receivedAt), q (any identifier)',
      querystring: ListQuery, response: { 200: Type.Array(EventRecord), ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const query = request.query as { sort?: string; range?: string; filter?: string };
    const q = parseListQuery(query, LIST);
    const filter = scopedFilter(request, 'read', 'Event', eventFilter(q.filter, query.filter));
    const [rows, total] = await findPage(Event, filter, q);
    return sendPage(reply, 'events', rows.map(out), q.skip, total);
  });

  app.get('/api/events/volume', {
    config: { access },
    schema: {
      tags, summary: 'Events per channel per hour or day (receivedAt), every bucket of the range included',
      querystring: VolumeQuery, response: { 200: VolumeAnswer, ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const query = request.query as { bucket: VolumeBucket; from?: string; to?: string; utcOffset: number; channel?: string; type?: string };
    const size = VOLUME_BUCKETS[query.bucket];
    const to = query.to ? Date.parse(query.to) : Date.now();
    const from = query.from ? Date.parse(query.from) : to - 24 * size;
    if (from >= to) throw coreError('CORE_ERR_VALIDATION', ['querystring.from must be before querystring.to'], [{ field: 'querystring.from', message: 'must be before to' }]);
    const edges = bucketEdges(from, to, query.bucket, query.utcOffset);
    if (edges.length > MAX_VOLUME_BUCKETS) {
      throw coreError('CORE_ERR_VALIDATION', [`the range spans ${edges.length} ${query.bucket} buckets; at most ${MAX_VOLUME_BUCKETS}`], [{ field: 'querystring.from', message: `at most ${MAX_VOLUME_BUCKETS} buckets` }]);
    }
    const extra: Record<string, unknown> = { receivedAt: { $gte: new Date(from), $lt: new Date(to) } };
    if (query.channel) extra.channel = query.channel;
    if (query.type) extra.type = query.type;
    // FerretDB v1 has no date operators ($dateTrunc, $dateToString) and one accumulator per $group: group by
    // (channel, exact receivedAt) — every event of one ingested batch shares receivedAt, so this collapses a
    // batch into one row per channel — and put the rows into buckets here.
    const cursor = Event.aggregate([
      { $match: scopedFilter(request, 'read', 'Event', extra) },
      { $group: { _id: { channel: '$channel', at: '$receivedAt' }, n: { $sum: 1 } } },
    ]).cursor({ batchSize: 5000 });
    const counts = edges.map(() => new Map<string, number>());
    const totals = new Map<string, number>();
    const shift = query.utcOffset * 60_000;
    const first = edges[0];
    for await (const row of cursor as AsyncIterable<{ _id: { channel: string; at: Date }; n: number }>) {
      const t = new Date(row._id.at).getTime();
      const i = Math.floor((t + shift - (first + shift)) / size);
      if (i < 0 || i >= edges.length) continue;
      const channel = row._id.channel;
      counts[i].set(channel, (counts[i].get(channel) ?? 0) + row.n);
      totals.set(channel, (totals.get(channel) ?? 0) + row.n);
    }
    const channels = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
    return {
      bucket: query.bucket, from: new Date(from).toISOString(), to: new Date(to).toISOString(), utcOffset: query.utcOffset,
      channels,
      buckets: edges.map((at, i) => ({ at: new Date(at).toISOString(), total: [...counts[i].values()].reduce((a, b) => a + b, 0), counts: Object.fromEntries(counts[i]) })),
      totals: Object.fromEntries(totals),
      total: [...totals.values()].reduce((a, b) => a + b, 0),
    };
  });
}
