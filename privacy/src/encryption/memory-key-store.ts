import type { KeyKind, KeyRecord, KeyStore } from './key-record.ts';

/** KeyStore in process memory: unit tests and tools; loses every key on exit. */
export class MemoryKeyStore implements KeyStore {
  private readonly records = new Map<string, KeyRecord>();

  async get(tenantId: string, id: string): Promise<KeyRecord | null> {
    const r = this.records.get(id);
    return r && r.tenantId === tenantId ? { ...r } : null;
  }

  async findByRef(tenantId: string, kind: KeyKind, ref: string): Promise<KeyRecord | null> {
    for (const r of this.records.values()) if (r.tenantId === tenantId && r.kind === kind && r.ref === ref && r.status !== 'shredded') return { ...r };
    return null;
  }

  async latest(tenantId: string, kind: 'tenant-data' | 'tenant-index'): Promise<KeyRecord | null> {
    let best: KeyRecord | null = null;
    for (const r of this.records.values()) {
      if (r.tenantId === tenantId && r.kind === kind && r.status === 'active' && (!best || r.version > best.version)) best = r;
    }
    return best ? { ...best } : null;
  }

  async insert(record: KeyRecord): Promise<KeyRecord | null> {
    for (const r of this.records.values()) if (r.tenantId === record.tenantId && r.kind === record.kind && r.ref === record.ref) return null;
    this.records.set(record.id, { ...record });
    return { ...record };
  }

  async rewrap(tenantId: string, id: string, expectedWrappedBy: string, next: { wrappedBy: string; wrapped: string }): Promise<boolean> {
    const r = this.records.get(id);
    if (!r || r.tenantId !== tenantId || r.wrappedBy !== expectedWrappedBy || r.status === 'shredded') return false;
    Object.assign(r, next);
    return true;
  }

  async setStatus(tenantId: string, id: string, status: 'retired'): Promise<boolean> {
    const r = this.records.get(id);
    if (!r || r.tenantId !== tenantId || r.status === 'shredded') return false;
    r.status = status;
    return true;
  }

  async shred(tenantId: string, id: string, at: Date): Promise<boolean> {
    const r = this.records.get(id);
    if (!r || r.tenantId !== tenantId) return false;
    Object.assign(r, { status: 'shredded', wrapped: null, ref: `shredded:${r.id}`, shreddedAt: at });
    return true;
  }

  async listTenantKeysNotWrappedBy(masterKeyId: string, afterId: string | null, limit: number): Promise<KeyRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.kind !== 'person' && r.status !== 'shredded' && r.wrappedBy !== masterKeyId && (afterId === null || r.id > afterId))
      .sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit).map((r) => ({ ...r }));
  }

  async listWrappedBy(tenantId: string, wrappedBy: string, afterId: string | null, limit: number): Promise<KeyRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.tenantId === tenantId && r.wrappedBy === wrappedBy && r.status !== 'shredded' && (afterId === null || r.id > afterId))
      .sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit).map((r) => ({ ...r }));
  }

  /** Test helper: the raw record, as an attacker with the database would see it. */
  raw(id: string): KeyRecord | undefined {
    return this.records.get(id);
  }
}
