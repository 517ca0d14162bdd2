import { OPEN_STATUSES, type RequestStatus } from './request-types.ts';

const iso = (d: unknown): string | null => (d === null || d === undefined ? null : new Date(d as string).toISOString());

export const isOverdue = (d: { status: RequestStatus; dueAt: Date | string }, now = Date.now()): boolean =>
  OPEN_STATUSES.includes(d.status) && new Date(d.dueAt).getTime() < now;

/** A stored request as the API answers it (dates as ISO strings, the archive's state, overdue computed now). */
export function requestView(d: Record<string, any>, now = Date.now()): Record<string, unknown> {
  const x = d.exportInfo as Record<string, any> | null;
  const expired = !!x && new Date(x.expiresAt).getTime() < now;
  return {
    id: d._id,
    kind: d.kind,
    status: d.status,
    overdue: isOverdue(d as { status: RequestStatus; dueAt: Date }, now),
    subject: { kind: d.subject?.kind, value: typeof d.subject?.value === 'string' ? d.subject.value : null, digest: d.subject?.digest ?? '' },
    personId: d.resolved?.personId ?? null,
    otherPersonIds: d.resolved?.personIds ?? [],
    identifiers: d.resolved?.identifiers ?? {},
    corrections: d.corrections ?? null,
    correctedFields: d.correctedFields ?? [],
    note: d.note ?? null,
    requestedBy: { kind: d.requestedBy?.kind ?? 'system', id: d.requestedBy?.id ?? '' },
    receivedAt: iso(d.receivedAt),
    dueAt: iso(d.dueAt),
    startedAt: iso(d.startedAt),
    completedAt: iso(d.completedAt),
    reminders: (d.reminders ?? []).map((r: { kind: string; at: unknown }) => ({ kind: r.kind, at: iso(r.at) })),
    steps: (Array.isArray(d.steps) ? d.steps : []).map((s: Record<string, any>) => ({ ...s, at: iso(s.at), error: s.error ?? null, result: s.result ?? {}, deleted: s.deleted ?? 0, attempts: s.attempts ?? 0 })),
    lastError: d.lastError ?? null,
    findings: d.findings ?? [],
    attempts: d.attempts ?? 0,
    runs: d.runs ?? 0,
    export: x ? {
      available: !expired, expired, files: x.files ?? [], bytes: x.bytes ?? 0, sha256: x.sha256 ?? '',
      generatedAt: iso(x.generatedAt), expiresAt: iso(x.expiresAt), downloads: x.downloads ?? 0,
    } : null,
    receipt: d.receipt ?? null,
    receiptHash: d.receiptHash ?? null,
  };
}
