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

/** Categories of fields that name a subject (what consent documents are matched by). */
const SUBJECT_FIELD_CATEGORIES = new Set(['identifier', 'device_id']);

/**
 * The consent collections (current choices `privacy_consents`, history `privacy_consent_history`, any other
 * `privacy_consent*`) and the fields naming a subject in each, read from the PII registry so new ones are covered.
 */
export function consentModels(ctx: PluginContext): { model: string; collection: string; paths: string[] }[] {
  const byModel = new Map<string, { model: string; collection: string; paths: string[] }>();
  for (const d of ctx.privacy.registry.all()) {
    if (!d.collection.startsWith('privacy_consent') || !SUBJECT_FIELD_CATEGORIES.has(d.category) || d.encrypted || d.path === 'actorId') continue;
    const entry = byModel.get(d.model) ?? byModel.set(d.model, { model: d.model, collection: d.collection, paths: [] }).get(d.model)!;
    if (!entry.paths.includes(d.path)) entry.paths.push(d.path);
  }
  return [...byModel.values()].sort((a, b) => a.collection.localeCompare(b.collection));
}

/** Consent documents naming one of the subject's ids, per consent collection. */
export async function subjectConsent(ctx: PluginContext, tenantId: string, values: string[]): Promise<{ model: string; collection: string; docs: Record<string, any>[] }[]> {
  if (!values.length) return [];
  const platform = platformOf(ctx);
  const out: { model: string; collection: string; docs: Record<string, any>[] }[] = [];
  for (const m of consentModels(ctx)) {
    let model;
    try {
      model = platform.model(m.model);
    } catch {
      continue;
    }
    const docs = await model.find({ tenantId, $or: m.paths.map((p) => ({ [p]: { $in: values } })) }).limit(10_000).lean<Record<string, any>[]>();
    out.push({ model: m.model, collection: m.collection, docs });
  }
  return out;
}

/** Audit entries whose target is one of the subject's ids (the log itself is append-only: read, never erased). */
export async function subjectAudit(ctx: PluginContext, tenantId: string, values: string[]): Promise<Record<string, any>[]> {
  if (!values.length) return [];
  return platformOf(ctx).model(CORE_MODELS.audit).find({ tenantId, targetId: { $in: values } }).sort({ seq: 1 }).limit(10_000).lean<Record<string, any>[]>();
}
