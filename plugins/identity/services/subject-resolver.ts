import type { SubjectRef, SubjectResolver } from '../../../privacy/src/consent/subject.ts';
import type { IdentifierRef } from '../types.ts';
import type { IdentityServices } from './services.ts';

const PERSON_ID = /^prs_[0-9a-f]{24}$/;
const CHUNK = 1000;

/**
 * How the privacy layer maps consent subjects to persons (`privacy.setSubjectResolver`): the identity graph is the
 * one that knows which devices are one person. Identifiers resolve the way events are attributed (userId, then
 * anonymousId, then deviceId) through the resolution cache (an LRU hit or one lookup by primary key); explicit
 * person ids follow merges to the live person, in one query for the whole batch.
 */
export function subjectResolver(svc: () => IdentityServices): SubjectResolver {
  return async (tenantId, refs) => {
    const { resolver, repo } = svc();
    const byRef = async (ref: SubjectRef): Promise<string | null> => {
      const ids: IdentifierRef[] = [];
      if (ref.userId) ids.push({ kind: 'user_id', value: ref.userId });
      if (ref.anonymousId) ids.push({ kind: 'anonymous_id', value: ref.anonymousId });
      if (ref.deviceId) ids.push({ kind: 'device_id', value: ref.deviceId });
      // An untyped subject: a person id, else the id events carry (userId first, as attribution does).
      if (ref.subject && !PERSON_ID.test(ref.subject)) ids.push({ kind: 'user_id', value: ref.subject }, { kind: 'anonymous_id', value: ref.subject });
      for (const id of ids) {
        const personId = await resolver.resolve(tenantId, id);
        if (personId) return personId;
      }
      return null;
    };
    const out = await Promise.all(refs.map(byRef));
    // Person ids (given, or untyped subjects that look like one) where no identifier answered: follow merges.
    const wanted = new Map<number, string>();
    refs.forEach((ref, i) => {
      if (out[i]) return;
      const id = ref.personId ?? (ref.subject && PERSON_ID.test(ref.subject) ? ref.subject : null);
      if (id) wanted.set(i, id);
    });
    if (wanted.size) {
      const ids = [...new Set(wanted.values())];
      const found = new Map<string, string | null>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const docs = await repo.persons.find({ tenantId, _id: { $in: ids.slice(i, i + CHUNK) } }).select('_id mergedInto').lean<{ _id: string; mergedInto?: string | null }[]>();
        for (const d of docs) found.set(d._id, d.mergedInto ? null : d._id);
        for (const d of docs) if (d.mergedInto) found.set(d._id, await repo.liveOf(tenantId, d._id));
      }
      for (const [i, id] of wanted) out[i] = found.get(id) ?? null;
    }
    return out;
  };
}
