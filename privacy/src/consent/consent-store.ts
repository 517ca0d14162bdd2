import type { Model } from 'mongoose';
import type { ConsentStore, RecordedConsent } from './consent-policy.ts';

/** Recorded consent in the store (privacy_consents); one indexed query per batch of subjects. */
export class MongoConsentStore implements ConsentStore {
  constructor(private readonly records: Model<any>) {}

  async lookup(tenantId: string, subject: string, purpose: string): Promise<RecordedConsent> {
    const doc = await this.records.findOne({ tenantId, subject, purpose }).lean<{ granted: boolean } | null>();
    return doc ? (doc.granted ? 'granted' : 'denied') : undefined;
  }

  async lookupMany(tenantId: string, subjects: string[]): Promise<Map<string, RecordedConsent>> {
    const out = new Map<string, RecordedConsent>();
    if (!subjects.length) return out;
    const docs = await this.records.find({ tenantId, subject: { $in: [...new Set(subjects)] } }).lean<{ subject: string; purpose: string; granted: boolean }[]>();
    for (const d of docs) out.set(`${d.subject}\u0000${d.purpose}`, d.granted ? 'granted' : 'denied');
    return out;
  }

  /** Keeps the newest choice: an older one (by client time) arriving late changes nothing. */
  async record(tenantId: string, c: { subject: string; purpose: string; granted: boolean; at: Date; eventId?: string | null }): Promise<boolean> {
    try {
      const res = await this.records.updateOne(
        { tenantId, subject: c.subject, purpose: c.purpose, at: { $lte: c.at } },
        { $set: { granted: c.granted, at: c.at, eventId: c.eventId ?? null }, $setOnInsert: { tenantId, subject: c.subject, purpose: c.purpose } },
        { upsert: true },
      );
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      // The filter missed because a newer choice is stored; the upsert then hits the unique index: keep the newer.
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }
}
