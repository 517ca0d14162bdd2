import type { Model } from 'mongoose';

/** A stored shopper event as plugins see it (the append-only record in `core_events`). */
export interface StoredEvent {
  id: string;
  tenantId: string;
  eventId: string;
  type: string;
  anonymousId: string | null;
  userId: string | null;
  deviceId: string | null;
  personId: string | null;
  channel: string;
  device: { os?: string; appVersion?: string; screen?: string } | null;
  timestamp: Date;
  receivedAt: Date;
  properties: Record<string, unknown>;
  traits: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
}

export interface EventQuery {
  /** Events of any of these devices or users (an OR); omitted: all of the tenant. */
  anonymousIds?: string[];
  userIds?: string[];
  types?: string[];
  channel?: string;
  /** Only events received strictly before this instant (paging backwards). */
  before?: Date;
  limit?: number;
}

/**
 * The core's events as an API for plugins: read by id (what a delivery job carries), query by identifiers,
 * and attribute events to a person (identity stitching re-attributes after merges and splits). Plugins never
 * get the model itself; every call is scoped to one tenant.
 */
export interface EventsAccess {
  byIds(tenantId: string, eventIds: string[]): Promise<StoredEvent[]>;
  find(tenantId: string, q: EventQuery): Promise<StoredEvent[]>;
  /**
   * Sets personId on every event of these devices/users (and of these eventIds); returns how many events changed.
   * `withoutUserId` narrows the device selector to events that carry no userId (identity stitching: an event
   * with a userId belongs to that user's person, whichever device sent it).
   */
  attribute(tenantId: string, who: AttributionTarget, personId: string | null): Promise<number>;
}

/** Which events `attribute` sets (an OR of the selectors). */
export interface AttributionTarget {
  anonymousIds?: string[];
  userIds?: string[];
  /** Client eventIds, e.g. the batch a delivery job carried. */
  eventIds?: string[];
  /** Only events without a userId match `anonymousIds`. */
  withoutUserId?: boolean;
}

const MAX_FIND = 1000;

function toStored(d: Record<string, any>): StoredEvent {
  const { _id, __v, keyId, createdAt, updatedAt, ...rest } = d;
  return { id: _id, ...rest } as StoredEvent;
}

function whoFilter(who: AttributionTarget): Record<string, unknown>[] {
  const or: Record<string, unknown>[] = [];
  if (who.anonymousIds?.length) or.push(who.withoutUserId ? { anonymousId: { $in: who.anonymousIds }, userId: null } : { anonymousId: { $in: who.anonymousIds } });
  if (who.userIds?.length) or.push({ userId: { $in: who.userIds } });
  if (who.eventIds?.length) or.push({ eventId: { $in: who.eventIds } });
  return or;
}

export function eventsAccess(events: Model<any>): EventsAccess {
  return {
    async byIds(tenantId, eventIds) {
      if (!eventIds.length) return [];
      const docs = await events.find({ tenantId, eventId: { $in: eventIds } }).lean<Record<string, any>[]>();
      const order = new Map(eventIds.map((id, i) => [id, i]));
      return docs.map(toStored).sort((a, b) => (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0));
    },
    async find(tenantId, q) {
      const filter: Record<string, unknown> = { tenantId };
      if (q.anonymousIds || q.userIds) {
        const or = whoFilter(q);
        if (!or.length) return [];
        filter.$or = or;
      }
      if (q.types?.length) filter.type = { $in: q.types };
      if (q.channel) filter.channel = q.channel;
      if (q.before) filter.receivedAt = { $lt: q.before };
      const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_FIND);
      const docs = await events.find(filter).sort({ receivedAt: -1, _id: -1 }).limit(limit).lean<Record<string, any>[]>();
      return docs.map(toStored);
    },
    async attribute(tenantId, who, personId) {
      const or = whoFilter(who);
      if (!or.length) return 0;
      const res = await events.updateMany({ tenantId, $or: or, personId: { $ne: personId } }, { $set: { personId } });
      return res.modifiedCount;
    },
  };
}
