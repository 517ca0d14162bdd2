import { createHash } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { compileModel } from '../../../server/src/db/define-model.ts';
import { KeyRecordSpec } from './key-record.model.ts';
import { KeyRefSpec } from './key-ref.model.ts';
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

const refId = (tenantId: string, kind: KeyKind, ref: string) => `kr_${createHash('sha256').update(`${tenantId}\u0000${kind}\u0000${ref}`).digest('hex').slice(0, 40)}`;

/**
 * KeyStore on `privacy_keys` (+ `privacy_key_refs` pointers); every write is one single-document operation (no
 * transactions). Creating a key inserts the record, then claims the ref pointer; the loser of a race deletes its
 * record and reads the winner's.
 */
export class MongoKeyStore implements KeyStore {
  constructor(private readonly keys: Model<any>, private readonly refs: Model<any>) {}

  static connect(connection: Connection): MongoKeyStore {
    return new MongoKeyStore(compileModel(connection, KeyRecordSpec).model, compileModel(connection, KeyRefSpec).model);
  }

  /** Builds the unique indexes; call once at boot before concurrent key creation. */
  async init(): Promise<void> {
    await this.keys.init();
    await this.refs.init();
  }

  async get(tenantId: string, id: string): Promise<KeyRecord | null> {
    return toRecord(await this.keys.findOne({ tenantId, _id: id }).lean<KeyDoc | null>());
  }

  async findByRef(tenantId: string, kind: KeyKind, ref: string): Promise<KeyRecord | null> {
    const pointer = await this.refs.findOne({ tenantId, _id: refId(tenantId, kind, ref) }).lean<{ keyId: string } | null>();
    if (!pointer) return null;
    const record = toRecord(await this.keys.findOne({ tenantId, _id: pointer.keyId }).lean<KeyDoc | null>());
    return record && record.status !== 'shredded' ? record : null;
  }

  async insertMany(records: KeyRecord[]): Promise<Set<string>> {
    const won = new Set<string>();
    if (!records.length) return won;
    const now = new Date();
    const failedAt = async (fn: () => Promise<unknown>): Promise<Set<number>> => {
      try { await fn(); return new Set(); } catch (err) {
        const list = ([] as { index?: number; code?: number; err?: { index?: number; code?: number } }[]).concat((err as { writeErrors?: never }).writeErrors ?? []);
        if (!list.length || list.some((w) => (w.code ?? w.err?.code) !== 11000)) throw err;
        return new Set(list.map((w) => w.index ?? w.err?.index).filter((i): i is number => typeof i === 'number'));
      }
    };
    const docs = records.map(({ id, ...rest }) => ({ _id: id, ...rest, shreddedAt: null, createdAt: rest.createdAt ?? now, updatedAt: now, __v: 0 }));
    const lostRecord = await failedAt(() => this.keys.collection.insertMany(docs as never[], { ordered: false }));
    const inserted = records.filter((_, i) => !lostRecord.has(i));
    const pointers = inserted.map((r) => ({ _id: refId(r.tenantId, r.kind, r.ref), tenantId: r.tenantId, keyId: r.id, createdAt: now, updatedAt: now, __v: 0 }));
    const lostPointer = await failedAt(() => this.refs.collection.insertMany(pointers as never[], { ordered: false }));
    inserted.forEach((r, i) => { if (!lostPointer.has(i)) won.add(r.id); });
    // Records whose pointer lost a race: remove them (the winner's key is the person's key).
    const orphans = inserted.filter((r) => !won.has(r.id));
    if (orphans.length) await this.keys.deleteMany({ tenantId: orphans[0].tenantId, _id: { $in: orphans.map((r) => r.id) } });
    for (const r of records) if (!won.has(r.id)) await this.#awaitPointer(r);
    return won;
  }

  async findManyByRef(tenantId: string, kind: KeyKind, refs: string[]): Promise<Map<string, KeyRecord>> {
    const out = new Map<string, KeyRecord>();
    if (!refs.length) return out;
    const ids = new Map(refs.map((r) => [refId(tenantId, kind, r), r]));
    const pointers = await this.refs.find({ tenantId, _id: { $in: [...ids.keys()] } }).lean<{ _id: string; keyId: string }[]>();
    if (!pointers.length) return out;
    const records = await this.keys.find({ tenantId, _id: { $in: pointers.map((p) => p.keyId) } }).lean<KeyDoc[]>();
    const byId = new Map(records.map((d) => [d._id, toRecord(d)!]));
    for (const p of pointers) {
      const r = byId.get(p.keyId);
      if (r && r.status !== 'shredded') out.set(ids.get(p._id)!, r);
    }
    return out;
  }

  async latest(tenantId: string, kind: 'tenant-data' | 'tenant-index'): Promise<KeyRecord | null> {
    return toRecord(await this.keys.findOne({ tenantId, kind, status: 'active' }).sort({ version: -1 }).lean<KeyDoc | null>());
  }

  async insert(record: KeyRecord): Promise<KeyRecord | null> {
    const { id, ...rest } = record;
    try {
      await this.keys.create({ _id: id, ...rest });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      await this.#awaitPointer(record);
      return null;
    }
    try {
      await this.refs.create({ _id: refId(record.tenantId, record.kind, record.ref), tenantId: record.tenantId, keyId: id });
      return { ...record };
    } catch (err) {
      await this.keys.deleteOne({ tenantId: record.tenantId, _id: id });
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  /**
   * After losing a creation race on the record: the winner claims the pointer a moment later, so wait for it. A
   * record whose creator died before claiming it gets its pointer here (one scan, only on that rare path).
   */
  async #awaitPointer(record: KeyRecord): Promise<void> {
    const _id = refId(record.tenantId, record.kind, record.ref);
    for (let i = 0; i < 50; i++) {
      if (await this.refs.exists({ tenantId: record.tenantId, _id })) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    const winner = await this.keys.findOne({ tenantId: record.tenantId, kind: record.kind, ref: record.ref }).lean<KeyDoc | null>();
    if (winner) await this.refs.create({ _id, tenantId: record.tenantId, keyId: winner._id }).catch((err: { code?: number }) => { if (err?.code !== 11000) throw err; });
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
    const record = await this.keys.findOne({ tenantId, _id: id }).lean<KeyDoc | null>();
    if (record && record.status !== 'shredded') await this.refs.deleteOne({ tenantId, _id: refId(tenantId, record.kind, record.ref) });
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
