import { createHash } from 'node:crypto';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { identityOf, platformOf } from './platform.ts';
import type { ResolvedSubject, SubjectKind } from './request-types.ts';

/** The graph's identifier kinds as event field names (what DataSubject.identifiers and core events use). */
const FIELD_OF_KIND: Record<string, string> = { user_id: 'userId', anonymous_id: 'anonymousId', device_id: 'deviceId' };
const KIND_OF_FIELD: Record<string, string> = { userId: 'user_id', anonymousId: 'anonymous_id', deviceId: 'device_id' };
const EVENT_ID_FIELDS = ['userId', 'anonymousId', 'deviceId'] as const;
/** Bounds the events read to find identifiers a person used (the identity graph is the primary source). */
const EVENT_SCAN_LIMIT = 20_000;

export const subjectDigest = (kind: string, value: string): string => createHash('sha256').update(`${kind}\u0000${value.trim()}`).digest('hex');

/** `kind:value` keys as the identity graph names identifiers (its resolver cache is keyed by them). */
export function graphKeys(resolved: ResolvedSubject): string[] {
  return Object.entries(resolved.identifiers).flatMap(([field, values]) => values.map((v) => `${KIND_OF_FIELD[field] ?? field}:${v}`));
}

/**
 * Finds everything a request's identifier leads to: the person (through the identity graph when the identity
 * plugin is loaded), every identifier of every device merged into it, and identifiers seen on the person's events.
 */
export async function resolveSubject(ctx: PluginContext, tenantId: string, subject: { kind: SubjectKind; value: string }): Promise<ResolvedSubject> {
  const identity = identityOf(ctx);
  const Event = platformOf(ctx).model('Event');
  const ids = new Map<string, Set<string>>();
  const add = (field: string, value: string | null | undefined) => { if (value) (ids.get(field) ?? ids.set(field, new Set()).get(field)!).add(value); };
  const persons: string[] = [];
  const addPerson = (p: string | null | undefined) => { if (p && !persons.includes(p)) persons.push(p); };

  const value = subject.value.trim();
  if (subject.kind === 'personId') addPerson(value);
  else if (subject.kind !== 'email') add(subject.kind, value);
  if (identity) {
    if (subject.kind === 'userId' || subject.kind === 'anonymousId') addPerson(await identity.resolve(tenantId, { kind: KIND_OF_FIELD[subject.kind]!, value }));
    if (subject.kind === 'email') for (const p of (await identity.personsByEmail?.(tenantId, value)) ?? []) addPerson(p);
    for (const p of [...persons]) {
      const refs = await identity.identifiersOf(tenantId, p);
      for (const r of refs) add(FIELD_OF_KIND[r.kind] ?? r.kind, r.value);
      // A merged (tombstoned) id answers the live person's identifiers: make the live person the primary one.
      const live = refs[0] ? await identity.resolve(tenantId, refs[0]) : null;
      if (live && live !== p) { persons.splice(persons.indexOf(p), 1, live); persons.push(p); }
    }
  }
  // The core's events: identifiers seen on the person's events, and persons the identifiers' events belong to.
  const or: Record<string, unknown>[] = [];
  if (persons.length) or.push({ personId: { $in: persons } });
  for (const f of EVENT_ID_FIELDS) if (ids.get(f)?.size) or.push({ [f]: { $in: [...ids.get(f)!] } });
  if (or.length) {
    const events = await Event.find({ tenantId, $or: or }).select('userId anonymousId deviceId personId').limit(EVENT_SCAN_LIMIT).lean<Record<string, string | null>[]>();
    for (const e of events) {
      for (const f of EVENT_ID_FIELDS) add(f, e[f]);
      addPerson(e.personId);
    }
  }
  const [primary = null, ...others] = persons;
  return {
    personId: primary,
    personIds: [...new Set(others.filter((p) => p !== primary))],
    identifiers: Object.fromEntries([...ids].map(([k, v]) => [k, [...v].sort()])),
  };
}
