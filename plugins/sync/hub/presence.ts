import type { Redis } from 'ioredis';
import { PRESENCE_TTL_S } from '../constants.ts';
import type { DeviceConn } from './device-conn.ts';

/** A device as the console shows it (whichever API instance holds its connection). */
export interface DevicePresence {
  deviceId: string;
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
 * Which devices of a person are online, in one Redis hash per person (field = deviceId), refreshed by each
 * instance's heartbeat and expiring PRESENCE_TTL_S after the last refresh. Offline devices stay listed (online:false)
 * with their last op until the hash expires; the commit log keeps the rest.
 */
export class Presence {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly instance: string) {}

  key(tenantId: string, personKey: string): string {
    return `${this.prefix}:sync:presence:${tenantId}:${personKey}`;
  }

  entry(c: DeviceConn, online: boolean): DevicePresence {
    return {
      deviceId: c.id.deviceId, channel: c.id.channel, online, transport: c.sink.transport, instance: this.instance,
      connectedAt: c.connectedAt.toISOString(), lastSeenAt: c.lastSeenAt.toISOString(), seenSeq: c.seenSeq,
      lastDigestAt: c.lastDigestAt?.toISOString() ?? null, inSync: c.inSync,
      lastOp: c.lastOp ? { opId: c.lastOp.opId, kind: c.lastOp.kind, at: c.lastOp.at.toISOString() } : null,
    };
  }

  /** Writes these devices' entries (one pipeline). */
  async write(conns: Iterable<DeviceConn>, online = true): Promise<void> {
    const p = this.redis.pipeline();
    let n = 0;
    for (const c of conns) {
      const k = this.key(c.tenantId, c.personKey);
      p.hset(k, c.id.deviceId, JSON.stringify(this.entry(c, online)));
      p.expire(k, PRESENCE_TTL_S * 40);
      n++;
    }
    if (n) await p.exec();
  }

  /** A device seen over plain HTTP (POST /v1/sync/ops): listed, not online. */
  async touchHttp(tenantId: string, personKey: string, deviceId: string, channel: string | null, lastOp: DevicePresence['lastOp'], seq: number): Promise<void> {
    const k = this.key(tenantId, personKey);
    const prev = await this.redis.hget(k, deviceId);
    const old = prev ? (JSON.parse(prev) as DevicePresence) : null;
    if (old?.online && old.transport !== 'http' && Date.parse(old.lastSeenAt) > Date.now() - PRESENCE_TTL_S * 1000) return;
    const e: DevicePresence = { deviceId, channel, online: false, transport: 'http', instance: null, connectedAt: null, lastSeenAt: new Date().toISOString(), seenSeq: seq, lastDigestAt: null, inSync: null, lastOp: lastOp ?? old?.lastOp ?? null };
    await this.redis.multi().hset(k, deviceId, JSON.stringify(e)).expire(k, PRESENCE_TTL_S * 40).exec();
  }

  /** Every device entry of a person; an online entry not refreshed within PRESENCE_TTL_S counts as offline. */
  async list(tenantId: string, personKey: string): Promise<DevicePresence[]> {
    const all = await this.redis.hgetall(this.key(tenantId, personKey));
    const stale = Date.now() - PRESENCE_TTL_S * 1000;
    return Object.values(all).map((v) => JSON.parse(v) as DevicePresence)
      .map((d) => (d.online && Date.parse(d.lastSeenAt) < stale ? { ...d, online: false } : d))
      .sort((a, b) => Number(b.online) - Number(a.online) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  async forget(tenantId: string, personKey: string): Promise<void> {
    await this.redis.del(this.key(tenantId, personKey));
  }
}
