import type { DataSubject } from '../../../server/src/core/plugin-contract.ts';

/** What a data subject asks for (GDPR art. 15/20 access and portability, art. 17 erasure, art. 16 rectification). */
export const REQUEST_KINDS = ['access', 'erasure', 'rectification'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * received: queued, not started; running: a worker is on it; waiting: a step failed and the job will retry;
 * failed: the retries are spent (a person retries it from the console); completed: every step succeeded (and, for
 * erasure, the verification scan found no residue). Nothing else ever reads "done".
 */
export const REQUEST_STATUSES = ['received', 'running', 'waiting', 'failed', 'completed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'running', 'waiting', 'failed'];

/** The identifier a request names its subject by. */
export const SUBJECT_KINDS = ['userId', 'anonymousId', 'email', 'personId'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Profile fields a rectification may correct (the identity graph's person traits). */
export const RECTIFIABLE_FIELDS = ['email', 'name', 'phone', 'address'] as const;
export type RectifiableField = (typeof RECTIFIABLE_FIELDS)[number];

/** Who the audit log names for what the request jobs do. */
export const REQUEST_ACTOR = { kind: 'plugin' as const, id: 'privacy' };

export const STEP_STATUSES = ['done', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One step of a request: a plugin's hook (`plugin:<name>`) or a core step (`core:<what>`). */
export interface RequestStep {
  key: string;
  status: StepStatus;
  /** Runs of this step (a retried request runs its steps again: every one is idempotent). */
  attempts: number;
  /** The last failure's message (kept while the step is failed). */
  error: string | null;
  /** Counts and flags of the last run: ids and numbers only. */
  result: Record<string, unknown>;
  /** Records deleted over all runs (erasure). */
  deleted: number;
  at: Date;
}

export interface Reminder {
  kind: 'approaching' | 'overdue';
  at: Date;
}

/** The subject as resolved on the first run (kept for retries: after erasure the graph can no longer say). */
export interface ResolvedSubject {
  personId: string | null;
  /** Event field names (userId, anonymousId, deviceId) or graph kinds (email_hash, external:<ns>) → values. */
  identifiers: Record<string, string[]>;
  /** Other person ids of the subject (tombstones of merged persons). */
  personIds: string[];
}

/** `identifiers` as the DataSubject hooks take them, with the e-mail address a request named (never stored in clear). */
export function dataSubjectOf(tenantId: string, resolved: ResolvedSubject, email: string | null): DataSubject {
  const identifiers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(resolved.identifiers)) if (v.length) identifiers[k] = [...v];
  if (email) identifiers.email = [email];
  return { tenantId, personId: resolved.personId ?? '', identifiers };
}

/** Every identifier value of a subject, person ids included (what scans look for). */
export function subjectValues(resolved: ResolvedSubject, email: string | null = null): string[] {
  const values = new Set<string>();
  for (const v of Object.values(resolved.identifiers).flat()) if (v) values.add(v);
  if (resolved.personId) values.add(resolved.personId);
  for (const p of resolved.personIds) values.add(p);
  if (email) values.add(email);
  return [...values];
}
