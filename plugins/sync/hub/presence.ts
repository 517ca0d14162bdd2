import type { Redis } from 'ioredis';
import { PRESENCE_HASH_TTL_S, PRESENCE_TTL_S } from '../constants.ts';
import type { DeviceConn } from './device-conn.ts';

/** A device as the console shows it (whichever API instance holds its connection). */
export interface DevicePresence {
  deviceId: string;
  /** The device's anonymousId (an identity split names devices by it; their ops carry the deviceId). */
  anonymousId: string | null;
  channel: string | null;
  online: boolean;
  transport: 'ws' | 'sse' | 'http';
  instance: string | null;
  connectedAt: string | null;
  lastSeenAt: string;
  seenSeq: number;
  lastDigestAt: string | null;
  inSync: boolean | null;
  lastOp: { opId: string; kind: string; at: string } | null;
}

/**
 * Which devices of a person are online, in one Redis hash per person (field = deviceId). An entry is written when its
 * device connects, acts (at most once a second), disconnects, and by the heartbeat when it is older than
 * PRESENCE_REFRESH_MS — not for every device at every beat. Whether an "online" entry is still true comes from its
 * instance's liveness key, which the instance renews each heartbeat (PRESENCE_TTL_S): when a process dies, its
 * devices show offline within that time. Offline devices stay listed (online:false) with their last op until the hash
 * expires (PRESENCE_HASH_TTL_S after its last write); the commit log keeps the rest.
 */
export class Presence {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly instance: string) {}

  key(tenantId: string, personKey: string): string {
    return `${this.prefix}:sync:presence:${tenantId}:${personKey}`;
  }

  aliveKey(instance: string): string {
    return `${this.prefix}:sync:instance:${instance}`;
  }

  /** This instance is alive for another PRESENCE_TTL_S. */
  async beat(): Promise<void> {
    await this.redis.set(this.aliveKey(this.instance), String(Date.now()), 'EX', PRESENCE_TTL_S);
  }

  entry(c: DeviceConn, online: boolean): DevicePresence {
    return {
      deviceId: c.id.deviceId, anonymousId: c.id.anonymousId, channel: c.id.channel, online, transport: c.sink.transport, instance: this.instance,
      connectedAt: c.connectedAt.toISOString(), lastSeenAt: c.lastSeenAt.toISOString(), seenSeq: c.seenSeq,
      lastDigestAt: c.lastDigestAt?.toISOString() ?? null, inSync: c.inSync,
      lastOp: c.lastOp ? { opId: c.lastOp.opId, kind: c.lastOp.kind, at: c.lastOp.at.toISOString() } : null,
    };
  }

  /** This instance stops (gracefully): its devices show offline at once. */
  async retire(): Promise<void> {
    await this.redis.del(this.aliveKey(this.instance));
  }

  /** Writes these devices' entries (one pipeline, which also renews this instance's liveness key). */
  async write(conns: Iterable<DeviceConn>, online = true): Promise<void> {
    const p = this.redis.pipeline();
    let n = 0;
    const now = Date.now();
    for (const c of conns) {
      const k = this.key(c.tenantId, c.personKey);
      p.hset(k, c.id.deviceId, JSON.stringify(this.entry(c, online)));
      p.expire(k, PRESENCE_HASH_TTL_S);
      c.presenceAt = now;
      n++;
    }
    if (!n) return;
    if (online) p.set(this.aliveKey(this.instance), String(now), 'EX', PRESENCE_TTL_S);
    await p.exec();
  }

  /** A device seen over plain HTTP (POST /v1/sync/ops): listed, not online. */
  async touchHttp(tenantId: string, personKey: string, device: { deviceId: string; anonymousId: string; channel: string | null }, lastOp: DevicePresence['lastOp'], seq: number): Promise<void> {
    const { deviceId, anonymousId, channel } = device;
    const k = this.key(tenantId, personKey);
    const prev = await this.redis.hget(k, deviceId);
    const old = prev ? (JSON.parse(prev) as DevicePresence) : null;
    if (old?.online && old.transport !== 'http' && Date.parse(old.lastSeenAt) > Date.now() - PRESENCE_TTL_S * 1000) return;
    const e: DevicePresence = { deviceId, anonymousId, channel, online: false, transport: 'http', instance: null, connectedAt: null, lastSeenAt: new Date().toISOString(), seenSeq: seq, lastDigestAt: null, inSync: null, lastOp: lastOp ?? old?.lastOp ?? null };
    await this.redis.multi().hset(k, deviceId, JSON.stringify(e)).expire(k, PRESENCE_HASH_TTL_S).exec();
  }

  /** Every device entry of a person; an online entry whose instance stopped beating counts as offline. */
  async list(tenantId: string, personKey: string): Promise<DevicePresence[]> {
    const entries = Object.values(await this.redis.hgetall(this.key(tenantId, personKey))).map((v) => JSON.parse(v) as DevicePresence);
    const instances = [...new Set(entries.filter((d) => d.online && d.instance).map((d) => d.instance!))];
    const beats = instances.length ? await this.redis.mget(...instances.map((i) => this.aliveKey(i))) : [];
    const alive = new Set(instances.filter((_, i) => beats[i] !== null));
    return entries
      .map((d) => (d.online && !(d.instance && alive.has(d.instance)) ? { ...d, online: false } : d))
      .sort((a, b) => Number(b.online) - Number(a.online) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  /** Device ids of a person's listed devices whose deviceId or anonymousId is among `values`, plus `values` themselves. */
  async deviceIdsOf(tenantId: string, personKey: string, values: Iterable<string>): Promise<Set<string>> {
    const out = new Set(values);
    for (const d of await this.list(tenantId, personKey)) if (d.anonymousId && out.has(d.anonymousId)) out.add(d.deviceId);
    return out;
  }

  async forget(tenantId: string, personKey: string): Promise<void> {
    await this.redis.del(this.key(tenantId, personKey));
  }
}
