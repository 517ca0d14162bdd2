import { createHash } from 'node:crypto';

/**
 * Who a consent question or choice is about: a person (when an identity layer knows one) or the identifiers an event
 * carries. A bare string is a person id or a raw subject id (a userId or an anonymousId); the resolver decides.
 */
export interface SubjectRef {
  personId?: string | null;
  userId?: string | null;
  anonymousId?: string | null;
  deviceId?: string | null;
  /** An id of unknown kind (what `allowed(tenant, 'x', purpose)` passes). */
  subject?: string | null;
}

export type ConsentSubject = string | SubjectRef;

/**
 * Maps subjects to the live person they belong to (null: no person known yet). Registered by an identity layer
 * (`privacy.setSubjectResolver`), so the privacy layer never depends on one. Called with a whole batch at once;
 * must answer one entry per ref, in order.
 */
export type SubjectResolver = (tenantId: string, refs: SubjectRef[]) => Promise<(string | null)[]>;

/** Where a consent document is kept: under the person, or under a raw subject id while no person is known. */
export type SubjectKind = 'person' | 'subject';
export interface SubjectKey { kind: SubjectKind; id: string }

export function toRef(subject: ConsentSubject | null | undefined): SubjectRef {
  if (subject === null || subject === undefined) return {};
  return typeof subject === 'string' ? { subject } : subject;
}

/** The raw ids of a ref in lookup order: userId, anonymousId, then an untyped subject. */
export function rawIds(ref: SubjectRef): string[] {
  const out: string[] = [];
  for (const v of [ref.userId, ref.anonymousId, ref.subject]) if (typeof v === 'string' && v && !out.includes(v)) out.push(v);
  return out;
}

/** The raw id a choice is stored under while no person is known (the id events use: userId, else anonymousId). */
export function primaryRawId(ref: SubjectRef): string | null {
  return rawIds(ref)[0] ?? null;
}

/** Whether the ref names anyone at all. */
export function hasSubject(ref: SubjectRef): boolean {
  return rawIds(ref).length > 0 || !!ref.personId || !!ref.deviceId;
}

/** A stable cache/grouping key of a ref. */
export function refKey(ref: SubjectRef): string {
  return [ref.personId ?? '', ref.userId ?? '', ref.anonymousId ?? '', ref.deviceId ?? '', ref.subject ?? ''].join('\u0000');
}

/**
 * The id audit entries name a consent subject by: the person id, or a keyed digest of the raw id (audit entries
 * outlive erasure and carry ids only, so a customer number is never written there in clear).
 */
export function auditSubjectId(tenantId: string, key: SubjectKey): string {
  if (key.kind === 'person') return key.id;
  return `sub_${createHash('sha256').update(`${tenantId}\u0000${key.id}`).digest('hex').slice(0, 24)}`;
}
