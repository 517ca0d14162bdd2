import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { platformOf } from './platform.ts';
import type { ResolvedSubject } from './request-types.ts';

/** Core collections a request touches, by model name (compiled by the core and connectPrivacy). */
export const CORE_MODELS = { events: 'Event', consent: 'ConsentRecord', audit: 'AuditEntry' } as const;

const EVENT_PAGE = 1000;
/** An archive is meant to be read: past this many events the archive says it stopped (and how many there are). */
export const EXPORT_MAX_EVENTS = 100_000;

/** Events of any of the subject's identifiers or persons (an OR), or null when the subject has none. */
export function eventFilter(tenantId: string, resolved: ResolvedSubject): Record<string, unknown> | null {
  const or: Record<string, unknown>[] = [];
  for (const f of ['userId', 'anonymousId', 'deviceId']) if (resolved.identifiers[f]?.length) or.push({ [f]: { $in: resolved.identifiers[f] } });
  const persons = [resolved.personId, ...resolved.personIds].filter((p): p is string => !!p);
  if (persons.length) or.push({ personId: { $in: persons } });
  return or.length ? { tenantId, $or: or } : null;
}

/** The subject's events, oldest first, paged by `_id` (decrypted by the model, unlike a cursor). */
export async function subjectEvents(ctx: PluginContext, tenantId: string, resolved: ResolvedSubject): Promise<{ events: Record<string, unknown>[]; total: number }> {
  const filter = eventFilter(tenantId, resolved);
  if (!filter) return { events: [], total: 0 };
  const Event = platformOf(ctx).model(CORE_MODELS.events);
  const events: Record<string, unknown>[] = [];
  let last: string | null = null;
  while (events.length < EXPORT_MAX_EVENTS) {
    const page: Record<string, any>[] = await Event.find(last ? { ...filter, _id: { $gt: last } } : filter).sort({ _id: 1 }).limit(EVENT_PAGE).lean<Record<string, any>[]>();
    if (!page.length) break;
    for (const e of page) {
      events.push({
        eventId: e.eventId, type: e.type, timestamp: e.timestamp, receivedAt: e.receivedAt, channel: e.channel, device: e.device ?? null,
        anonymousId: e.anonymousId ?? null, userId: e.userId ?? null, deviceId: e.deviceId ?? null, personId: e.personId ?? null,
        properties: e.properties ?? {}, traits: e.traits ?? null, context: e.context ?? null,
      });
    }
    last = page.at(-1)!._id;
    if (page.length < EVENT_PAGE) break;
  }
  const total = events.length < EXPORT_MAX_EVENTS ? events.length : await Event.countDocuments(filter);
  events.sort((a, b) => new Date(a.timestamp as string).getTime() - new Date(b.timestamp as string).getTime());
  return { events, total };
}

/** Consent records whose subject is one of the subject's ids. */
export async function subjectConsent(ctx: PluginContext, tenantId: string, values: string[]): Promise<Record<string, any>[]> {
  if (!values.length) return [];
  return platformOf(ctx).model(CORE_MODELS.consent).find({ tenantId, subject: { $in: values } }).sort({ purpose: 1 }).lean<Record<string, any>[]>();
}

/** Audit entries whose target is one of the subject's ids (the log itself is append-only: read, never erased). */
export async function subjectAudit(ctx: PluginContext, tenantId: string, values: string[]): Promise<Record<string, any>[]> {
  if (!values.length) return [];
  return platformOf(ctx).model(CORE_MODELS.audit).find({ tenantId, targetId: { $in: values } }).sort({ seq: 1 }).limit(10_000).lean<Record<string, any>[]>();
}
