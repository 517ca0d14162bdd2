import type { Connection, Model } from 'mongoose';
import { compileModel } from '../../../server/src/db/define-model.ts';
import { KeyRecordSpec } from './key-record.model.ts';
import type { KeyKind, KeyRecord, KeyStore } from './key-record.ts';

interface KeyDoc {
  _id: string;
  tenantId: string;
  kind: KeyKind;
  ref: string;
  version: number;
  status: KeyRecord['status'];
  wrappedBy: string;
  wrapped: string | null;
  createdAt?: Date;
  shreddedAt?: Date | null;
}

function toRecord(d: KeyDoc | null): KeyRecord | null {
  if (!d) return null;
  return { id: d._id, tenantId: d.tenantId, kind: d.kind, ref: d.ref, version: d.version, status: d.status, wrappedBy: d.wrappedBy, wrapped: d.wrapped ?? null, createdAt: d.createdAt ?? new Date(0), shreddedAt: d.shreddedAt ?? null };
}

/** KeyStore on the `privacy_keys` collection; every write is one single-document operation (no transactions). */
export class MongoKeyStore implements KeyStore {
  constructor(private readonly keys: Model<any>) {}

  static connect(connection: Connection): MongoKeyStore {
    return new MongoKeyStore(compileModel(connection, KeyRecordSpec).model);
  }

  /** Builds the unique (tenantId, kind, ref) index; call once at boot before concurrent key creation. */
  async init(): Promise<void> {
    await this.keys.init();
  }

  async get(tenantId: string, id: string): Promise<KeyRecord | null> {
    return toRecord(await this.keys.findOne({ tenantId, _id: id }).lean<KeyDoc | null>());
  }

  async findByRef(tenantId: string, kind: KeyKind, ref: string): Promise<KeyRecord | null> {
    return toRecord(await this.keys.findOne({ tenantId, kind, ref, status: { $ne: 'shredded' } }).lean<KeyDoc | null>());
  }

  async latest(tenantId: string, kind: 'tenant-data' | 'tenant-index'): Promise<KeyRecord | null> {
    return toRecord(await this.keys.findOne({ tenantId, kind, status: 'active' }).sort({ version: -1 }).lean<KeyDoc | null>());
  }

  async insert(record: KeyRecord): Promise<KeyRecord | null> {
    const { id, ...rest } = record;
    try {
      await this.keys.create({ _id: id, ...rest });
      return { ...record };
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async rewrap(tenantId: string, id: string, expectedWrappedBy: string, next: { wrappedBy: string; wrapped: string }): Promise<boolean> {
    const res = await this.keys.updateOne({ tenantId, _id: id, wrappedBy: expectedWrappedBy, status: { $ne: 'shredded' } }, { $set: next });
    return res.modifiedCount === 1;
  }

  async setStatus(tenantId: string, id: string, status: 'retired'): Promise<boolean> {
    const res = await this.keys.updateOne({ tenantId, _id: id, status: { $ne: 'shredded' } }, { $set: { status } });
    return res.modifiedCount === 1;
  }

  async shred(tenantId: string, id: string, at: Date): Promise<boolean> {
    const res = await this.keys.updateOne({ tenantId, _id: id }, { $set: { status: 'shredded', wrapped: null, ref: `shredded:${id}`, shreddedAt: at } });
    return res.matchedCount === 1;
  }

  async listTenantKeysNotWrappedBy(masterKeyId: string, afterId: string | null, limit: number): Promise<KeyRecord[]> {
    const filter: Record<string, unknown> = { kind: { $in: ['tenant-data', 'tenant-index'] }, status: { $ne: 'shredded' }, wrappedBy: { $ne: masterKeyId } };
    if (afterId !== null) filter._id = { $gt: afterId };
    const docs = await this.keys.find(filter).setOptions({ crossTenant: true }).sort({ _id: 1 }).limit(limit).lean<KeyDoc[]>();
    return docs.map((d) => toRecord(d)!);
  }

  async listWrappedBy(tenantId: string, wrappedBy: string, afterId: string | null, limit: number): Promise<KeyRecord[]> {
    const filter: Record<string, unknown> = { tenantId, wrappedBy, status: { $ne: 'shredded' } };
    if (afterId !== null) filter._id = { $gt: afterId };
    const docs = await this.keys.find(filter).sort({ _id: 1 }).limit(limit).lean<KeyDoc[]>();
    return docs.map((d) => toRecord(d)!);
  }
}
