import type { IdentityApi } from '../../identity/types.ts';

export interface DeviceIds { anonymousId: string; userId: string | null; deviceId: string; channel: string | null }

/**
 * Where a device's state lives. `p:<personId>` once the identity graph knows the device (its userId's person, else
 * its anonymousId's); `a:<anonymousId>` only when the graph is unavailable (identity plugin disabled for the tenant).
 */
export class PersonKeys {
  constructor(private readonly identity: (tenantId: string) => Promise<IdentityApi | null>) {}

  /** Resolution only (socket connect, HTTP fallback): cache hits or lookups by primary key. */
  async resolve(tenantId: string, ids: Pick<DeviceIds, 'anonymousId' | 'userId'>): Promise<string> {
    const api = await this.identity(tenantId);
    if (api) {
      const byUser = ids.userId ? await api.resolve(tenantId, { kind: 'user_id', value: ids.userId }) : null;
      const person = byUser ?? (await api.resolve(tenantId, { kind: 'anonymous_id', value: ids.anonymousId }));
      if (person) return `p:${person}`;
    }
    return `a:${ids.anonymousId}`;
  }

  /**
   * Token minting: records the device in the identity graph (as an identify would), so a login stitches the device
   * to the user's person at once; returns the key and the merge the graph made, if any.
   */
  async identify(tenantId: string, ids: DeviceIds): Promise<{ personKey: string; merged: { fromPersonId: string; intoPersonId: string } | null }> {
    const api = await this.identity(tenantId);
    if (!api) return { personKey: `a:${ids.anonymousId}`, merged: null };
    try {
      const res = await api.identify(tenantId, { anonymousId: ids.anonymousId, deviceId: ids.deviceId, ...(ids.userId ? { userId: ids.userId } : {}), ...(ids.channel ? { channel: ids.channel } : {}) });
      if (res.personId) return { personKey: `p:${res.personId}`, merged: res.merged ? { fromPersonId: res.merged.fromPersonId, intoPersonId: res.merged.intoPersonId } : null };
    } catch {
      // The merge rules refused (e.g. a conflict between two userIds): the device keeps what it resolves to.
    }
    return { personKey: await this.resolve(tenantId, ids), merged: null };
  }
}
