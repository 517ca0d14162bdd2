/**
 * The key refs of one data subject. Person documents (identity) are sealed with the person's key (ref = person
 * id); shopper events are sealed with a key per event subject (`user:<userId>`, else `anon:<anonymousId>`: the
 * person is not known yet when an event arrives). Erasure shreds all of them.
 */
export function eventKeyRef(e: { userId?: string | null; anonymousId?: string | null }): string | null {
  if (e.userId) return `user:${e.userId}`;
  if (e.anonymousId) return `anon:${e.anonymousId}`;
  return null;
}

const KIND_PREFIX: Record<string, string> = { user_id: 'user', userId: 'user', anonymous_id: 'anon', anonymousId: 'anon' };

export function subjectKeyRefs(subject: { personId?: string | null; personIds?: string[]; identifiers?: Record<string, string[]> }): string[] {
  const refs = new Set<string>();
  if (subject.personId) refs.add(subject.personId);
  for (const p of subject.personIds ?? []) refs.add(p);
  for (const [kind, values] of Object.entries(subject.identifiers ?? {})) {
    const prefix = KIND_PREFIX[kind];
    if (kind === 'person_id' || kind === 'personId') for (const v of values ?? []) refs.add(v);
    if (!prefix) continue;
    for (const v of values ?? []) if (v) refs.add(`${prefix}:${v}`);
  }
  return [...refs];
}
