import type { DataSubject, PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { subjectAudit, subjectConsent, subjectEvents } from './core-data.ts';
import { buildArchive } from './export-archive.ts';
import { storeArchive } from './export-store.ts';
import { platformOf } from './platform.ts';
import { DAY_MS, type RequestSettings } from './request-settings.ts';
import { subjectValues, type ResolvedSubject } from './request-types.ts';
import { requestError } from './requests.errors.ts';
import type { StepLog } from './step-log.ts';

export interface RunInput {
  ctx: PluginContext;
  tenantId: string;
  request: Record<string, any>;
  subject: DataSubject;
  resolved: ResolvedSubject;
  email: string | null;
  steps: StepLog;
  settings: RequestSettings;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Counts records in whatever an export hook returned (arrays' lengths, recursively one level). */
export function countRecords(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.values(value).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : v && typeof v === 'object' ? 1 : 0), 0);
  return value === undefined || value === null ? 0 : 1;
}

/**
 * Access/export: every plugin's `dataSubject.export` hook and the core's own records, into one archive. Built only
 * when every source answered: a failed hook fails the run (the request waits and retries), never a partial archive.
 */
export async function runAccess({ ctx, tenantId, request, subject, resolved, email, steps, settings }: RunInput): Promise<Record<string, unknown>> {
  const plugins: Record<string, unknown> = {};
  for (const p of platformOf(ctx).plugins()) {
    const hook = p.definition.dataSubject?.export;
    if (!hook || p.name === ctx.name) continue;
    await steps.run(`plugin:${p.name}`, async () => {
      const data = await hook(p.ctx, subject);
      plugins[p.name] = data ?? null;
      return { result: { records: countRecords(data) } };
    });
  }
  const values = subjectValues(resolved, email);
  const core: Record<string, unknown> = {};
  await steps.run('core:events', async () => {
    const { events, total } = await subjectEvents(ctx, tenantId, resolved);
    core.events = events;
    if (total > events.length) core.eventsTruncated = { included: events.length, total };
    return { result: { records: events.length, total } };
  });
  await steps.run('core:consent', async () => {
    // Current choices as `consent`, every other consent collection (the history: the proof) under its own name.
    let records = 0;
    for (const { collection, docs } of await subjectConsent(ctx, tenantId, values)) {
      const name = collection === 'privacy_consents' ? 'consent' : camel(collection.replace(/^privacy_/, ''));
      core[name] = docs.map(({ _id, __v, tenantId: _t, ...rest }) => ({ id: _id, ...rest }));
      records += docs.length;
    }
    core.consent ??= [];
    return { result: { records } };
  });
  await steps.run('core:audit', async () => {
    const rows = await subjectAudit(ctx, tenantId, values);
    core.audit = rows.map((r) => ({ seq: r.seq, at: r.at, action: r.action, actor: { kind: r.actorKind, id: r.actorId }, target: { type: r.targetType, id: r.targetId }, details: r.details ?? {} }));
    return { result: { records: rows.length } };
  });
  await steps.run('core:requests', async () => {
    const Requests = ctx.model('PrivacyRequest');
    const persons = [resolved.personId, ...resolved.personIds].filter((x): x is string => !!x);
    const rows = await Requests.find({ tenantId, _id: { $ne: request._id }, $or: [{ 'subject.digest': request.subject.digest }, ...(persons.length ? [{ 'resolved.personId': { $in: persons } }] : [])] })
      .select('kind status receivedAt dueAt completedAt').sort({ receivedAt: 1 }).lean<any[]>();
    core.requests = rows.map((r) => ({ id: r._id, kind: r.kind, status: r.status, receivedAt: r.receivedAt, dueAt: r.dueAt, completedAt: r.completedAt }));
    return { result: { records: rows.length } };
  });
  const failed = steps.failed();
  if (failed.length) throw requestError('PRIVACY_ERR_REQ_STEP_FAILED', [failed.map((s) => `${s.key}: ${s.error}`).join('; ')]);

  let out: Record<string, unknown> = {};
  await steps.run('archive', async () => {
    const generatedAt = new Date();
    const data = {
      request: { id: request._id, kind: 'access', receivedAt: request.receivedAt, generatedAt },
      subject: { personId: resolved.personId, otherPersonIds: resolved.personIds, identifiers: resolved.identifiers },
      plugins, core,
    };
    const sections = [
      ...Object.entries(plugins).map(([name, value]) => ({ title: `Plugin: ${name}`, value })),
      { title: 'Shopper events', value: core.events }, { title: 'Consent', value: core.consent },
      ...(core.consentHistory ? [{ title: 'Consent history', value: core.consentHistory }] : []),
      { title: 'Audit entries about you', value: core.audit }, { title: 'Earlier requests', value: core.requests },
    ];
    const { zip, sha256, files } = buildArchive(data, { requestId: request._id, tenantId, receivedAt: new Date(request.receivedAt), generatedAt, subject: data.subject, sections });
    const expiresAt = new Date(generatedAt.getTime() + settings.exportTtlDays * DAY_MS);
    const parts = await storeArchive(ctx.model('PrivacyExport'), tenantId, request._id, resolved.personId, zip, expiresAt);
    out = { files, bytes: zip.length, sha256, parts, generatedAt, expiresAt, downloads: 0 };
    return { result: { bytes: zip.length, parts } };
  });
  if (steps.failed().length) throw requestError('PRIVACY_ERR_REQ_STEP_FAILED', [steps.failed().map((s) => `${s.key}: ${s.error}`).join('; ')]);
  return out;
}

