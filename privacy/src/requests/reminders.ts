import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { DAY_MS, requestSettings, type RequestSettings } from './request-settings.ts';
import { OPEN_STATUSES, REQUEST_ACTOR, type Reminder } from './request-types.ts';

/** The tenantId of the scheduled run: every tenant. */
export const ALL_TENANTS = '*';
export const REMIND_SCHEDULER_ID = 'privacy-requests-remind-due';
/** @defaultValue hourly */
export const REMIND_EVERY_MS = 3600_000;

/** Which reminder an open request is due for now, if any (each kind is sent once). */
export function reminderDue(r: { dueAt: Date; reminders: Reminder[] }, settings: RequestSettings, now: Date): Reminder['kind'] | null {
  const sent = new Set(r.reminders.map((x) => x.kind));
  const due = new Date(r.dueAt).getTime();
  if (now.getTime() >= due) return sent.has('overdue') ? null : 'overdue';
  if (now.getTime() >= due - settings.reminderDays * DAY_MS && !sent.has('approaching')) return 'approaching';
  return null;
}

/**
 * Flags open requests whose deadline approaches (`reminderDays` before it) or has passed: a reminder on the request
 * (shown in the console) and an audit entry each, once per kind. Also purges access archives past their expiry
 * (the store has no TTL indexes).
 */
export async function remindDue(ctx: PluginContext, tenantId: string, now = new Date()): Promise<{ checked: number; reminded: number; overdue: number; purgedArchives: number }> {
  const Requests = ctx.model('PrivacyRequest');
  const scope = tenantId === ALL_TENANTS ? {} : { tenantId };
  const open = await Requests.find({ ...scope, status: { $in: OPEN_STATUSES } }).setOptions({ crossTenant: true }).select('tenantId kind dueAt reminders overdue').lean<any[]>();
  const settingsOf = new Map<string, Promise<RequestSettings>>();
  let reminded = 0;
  let overdue = 0;
  for (const r of open) {
    if (!settingsOf.has(r.tenantId)) settingsOf.set(r.tenantId, requestSettings(ctx.model('PrivacyRequestSettings'), r.tenantId));
    const kind = reminderDue({ dueAt: r.dueAt, reminders: r.reminders ?? [] }, await settingsOf.get(r.tenantId)!, now);
    if (new Date(r.dueAt).getTime() <= now.getTime()) overdue++;
    if (!kind) continue;
    const reminders = [...(r.reminders ?? []), { kind, at: now }];
    await Requests.updateOne({ tenantId: r.tenantId, _id: r._id }, { $set: { reminders, ...(kind === 'overdue' ? { overdue: true } : {}) } });
    await ctx.privacy.audit.record({ tenantId: r.tenantId, actor: REQUEST_ACTOR, action: 'privacy.request.reminder', target: { type: 'PrivacyRequest', id: r._id }, details: { reminder: kind, kind: r.kind, dueAt: new Date(r.dueAt).toISOString() } });
    reminded++;
  }
  const purged = await ctx.model('PrivacyExport').deleteMany({ ...scope, expiresAt: { $lt: now } }).setOptions({ crossTenant: true });
  return { checked: open.length, reminded, overdue, purgedArchives: purged.deletedCount };
}
