import type { SubjectRef, SubjectResolver } from '../../../privacy/src/consent/subject.ts';
import type { IdentifierRef } from '../types.ts';
import type { IdentityServices } from './services.ts';

const PERSON_ID = /^prs_[0-9a-f]{24}$/;
const CHUNK = 1000;

/** The identifiers a subject may be known by, in attribution order (userId, anonymousId, deviceId). */
function idsOf(ref: SubjectRef): IdentifierRef[] {
  const ids: IdentifierRef[] = [];
  if (ref.userId) ids.push({ kind: 'user_id', value: ref.userId });
  if (ref.anonymousId) ids.push({ kind: 'anonymous_id', value: ref.anonymousId });
  if (ref.deviceId) ids.push({ kind: 'device_id', value: ref.deviceId });
  // An untyped subject: a person id, else the id events carry (userId first, as attribution does).
  if (ref.subject && !PERSON_ID.test(ref.subject)) ids.push({ kind: 'user_id', value: ref.subject }, { kind: 'anonymous_id', value: ref.subject });
  return ids;
}

/**
 * How the privacy layer maps consent subjects to persons (`privacy.setSubjectResolver`): the identity graph is the
 * one that knows which devices are one person. Identifiers resolve the way events are attributed (userId, then
 * anonymousId, then deviceId) through the resolution cache (LRU hits, then one query for the whole batch's misses); explicit
 * person ids follow merges to the live person, in one query for the whole batch.
 */
export function subjectResolver(svc: () => IdentityServices): SubjectResolver {
  return async (tenantId, refs) => {
    const { resolver, repo } = svc();
    // Every identifier of the batch in one go (cache, then one query), then per ref in attribution order.
    const candidates = refs.map(idsOf);
    const flat = candidates.flat();
    const answers = flat.length ? await resolver.resolveMany(tenantId, flat) : [];
    let at = 0;
    const out: (string | null)[] = candidates.map((ids) => {
      const mine = answers.slice(at, at + ids.length);
      at += ids.length;
      return mine.find((p) => p) ?? null;
    });
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
