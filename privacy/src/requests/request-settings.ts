import type { Model } from 'mongoose';
import { Type, type Static } from 'typebox';

/** Per-tenant deadlines. GDPR gives a month (extendable); the reminder goes out `reminderDays` before it. */
export const RequestSettingsSchema = Type.Object({
  dueDays: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'Days from receipt to the deadline' }),
  reminderDays: Type.Integer({ minimum: 0, maximum: 365, default: 7, description: 'Days before the deadline an open request is flagged' }),
  exportTtlDays: Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'Days an access archive stays downloadable' }),
}, { additionalProperties: false });
export type RequestSettings = Static<typeof RequestSettingsSchema>;

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { dueDays: 30, reminderDays: 7, exportTtlDays: 7 };
export const DAY_MS = 24 * 3600 * 1000;

export async function requestSettings(model: Model<any>, tenantId: string): Promise<RequestSettings> {
  const doc = await model.findOne({ tenantId }).lean<Partial<RequestSettings> | null>();
  return {
    dueDays: doc?.dueDays ?? DEFAULT_REQUEST_SETTINGS.dueDays,
    reminderDays: doc?.reminderDays ?? DEFAULT_REQUEST_SETTINGS.reminderDays,
    exportTtlDays: doc?.exportTtlDays ?? DEFAULT_REQUEST_SETTINGS.exportTtlDays,
  };
}

export async function saveRequestSettings(model: Model<any>, tenantId: string, settings: RequestSettings): Promise<RequestSettings> {
  // The `_id` is derived from the tenant: concurrent first saves upsert the same document.
  await model.updateOne({ _id: `dss_${tenantId}`, tenantId }, { $set: settings }, { upsert: true });
  return requestSettings(model, tenantId);
}
