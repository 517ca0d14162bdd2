import type { DataSubject } from '../../../server/src/core/plugin-contract.ts';
import { personLockKey } from '../constants.ts';
import type { IdentifierRef } from '../types.ts';
import { GraphRepo, keysOf, recordView, type IdentifierDoc } from './graph.repo.ts';
import { LockSet } from './lock-set.ts';
import { emailHash, flatTraits, isKind } from './merge-rules.ts';

/** Accepts the graph's kinds and the event field names (`userId`, `anonymousId`, `deviceId`, `email`). */
const KIND_ALIASES: Record<string, string> = { userId: 'user_id', anonymousId: 'anonymous_id', deviceId: 'device_id', email: 'email_hash', emailHash: 'email_hash' };

function refsOf(subject: DataSubject): IdentifierRef[] {
  const refs: IdentifierRef[] = [];
  for (const [rawKind, values] of Object.entries(subject.identifiers ?? {})) {
    const kind = KIND_ALIASES[rawKind] ?? rawKind;
    if (!isKind(kind)) continue;
    for (const v of values ?? []) {
      if (typeof v !== 'string' || !v) continue;
      refs.push({ kind, value: rawKind === 'email' ? emailHash(v) : v } as IdentifierRef);
    }
  }
  return refs;
}

/** Every person id of a data subject: the live persons found by id or identifier, and their tombstones. */
async function personIdsOf(repo: GraphRepo, subject: DataSubject): Promise<string[]> {
  const { tenantId } = subject;
  const live = new Set<string>();
  if (subject.personId) {
    const l = await repo.liveOf(tenantId, subject.personId);
    if (l) live.add(l);
  }
  for (const d of (await repo.findIdentifiers(tenantId, refsOf(subject))).values()) live.add(d.personId);
  if (!live.size) return [];
  const tombstones = await repo.persons.find({ tenantId, mergedInto: { $in: [...live] } }).select('_id').lean<{ _id: string }[]>();
  return [...live, ...tombstones.map((t) => t._id)];
}

export async function exportSubject(repo: GraphRepo, subject: DataSubject): Promise<unknown> {
  const { tenantId } = subject;
  const ids = await personIdsOf(repo, subject);
  if (!ids.length) return { persons: [], identifiers: [], merges: [] };
  const [persons, identifiers, merges] = await Promise.all([
    repo.persons.find({ tenantId, _id: { $in: ids } }).lean<any[]>(),
    repo.identifiers.find({ tenantId, personId: { $in: ids } }).lean<IdentifierDoc[]>(),
    repo.merges.find({ tenantId, $or: [{ fromPersonId: { $in: ids } }, { intoPersonId: { $in: ids } }] }).sort({ at: -1 }).lean<any[]>(),
  ]);
  return {
    persons: persons.map((p) => ({ id: p._id, userId: p.userId, traits: flatTraits(p.traits), channels: p.channels, mergedInto: p.mergedInto, firstSeenAt: p.firstSeenAt, lastSeenAt: p.lastSeenAt })),
    identifiers: identifiers.map((d) => ({ kind: d.kind, value: d.value, personId: d.personId, channel: d.channel, device: d.device ?? null, firstSeenAt: d.firstSeenAt, lastSeenAt: d.lastSeenAt })),
    merges: merges.map(recordView),
  };
}

/**
 * Erasure: deletes the subject's identifiers, the merge records naming its persons or identifiers, and the persons themselves
 * (tombstones included), under the same locks as a merge. Answers what it deleted and the erased identifiers
 * (for cache invalidation on every instance).
 */
export async function eraseSubject(repo: GraphRepo, subject: DataSubject): Promise<{ deleted: number; identifiers: string[]; personIds: string[] }> {
  const { tenantId } = subject;
  return repo.withTenantLock(tenantId, async () => {
    const ids = await personIdsOf(repo, subject);
    if (!ids.length) return { deleted: 0, identifiers: [], personIds: [] };
    const locks = new LockSet(repo.ctx);
    try {
      await locks.acquire(...ids.map((id) => personLockKey(tenantId, id)));
      const identifiers = keysOf(await repo.identifiers.find({ tenantId, personId: { $in: ids } }).select('kind value').lean<IdentifierDoc[]>());
      const a = await repo.identifiers.deleteMany({ tenantId, personId: { $in: ids } });
      const b = await repo.merges.deleteMany({ tenantId, $or: [{ fromPersonId: { $in: ids } }, { intoPersonId: { $in: ids } }, ...(identifiers.length ? [{ identifiers: { $in: identifiers } }] : [])] });
      const c = await repo.persons.deleteMany({ tenantId, _id: { $in: ids } });
      return { deleted: a.deletedCount + b.deletedCount + c.deletedCount, identifiers, personIds: ids };
    } finally {
      await locks.releaseAll();
    }
  });
}
