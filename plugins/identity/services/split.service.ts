import { newId } from '../../../server/src/db/define-model.ts';
import { personLockKey } from '../constants.ts';
import { identityError } from '../errors.ts';
import type { IdentifierRef } from '../types.ts';
import { GraphRepo, keysOf, type IdentifierDoc } from './graph.repo.ts';
import { LockSet } from './lock-set.ts';
import { refKey } from './merge-rules.ts';

export interface SplitResult {
  personId: string;
  newPersonId: string;
  identifiers: string[];
  reattributed: number;
}

function aggregates(docs: IdentifierDoc[]) {
  const times = (k: 'firstSeenAt' | 'lastSeenAt') => docs.map((d) => d[k]).filter((t): t is Date => !!t).map((t) => new Date(t).getTime());
  const first = times('firstSeenAt');
  const last = times('lastSeenAt');
  return {
    identifierCount: docs.length,
    userId: docs.find((d) => d.kind === 'user_id')?.value ?? null,
    channels: [...new Set(docs.map((d) => d.channel).filter((c): c is string => !!c))],
    firstSeenAt: first.length ? new Date(Math.min(...first)) : null,
    lastSeenAt: last.length ? new Date(Math.max(...last)) : null,
  };
}

/**
 * An operator's split of a wrong merge (the shared in-store tablet): the named identifiers move to a new person,
 * their events are re-attributed, and the moved identifiers are pinned (`splitAt`) so ordinary events never merge
 * them back; only an identify received after the split can. Traits go with the userId when it moves.
 */
export async function splitPerson(repo: GraphRepo, tenantId: string, personId: string, refs: IdentifierRef[], actor: string | null): Promise<SplitResult> {
  return repo.withTenantLock(tenantId, async () => {
    const locks = new LockSet(repo.ctx);
    try {
      await locks.acquire(personLockKey(tenantId, personId));
      const person = await repo.person(tenantId, personId);
      if (!person) throw identityError('IDENTITY_ERR_NOT_FOUND', [`Person ${personId}`]);
      if (person.mergedInto) throw identityError('IDENTITY_ERR_NOT_FOUND', [`Person ${personId} (merged into ${person.mergedInto})`], { mergedInto: person.mergedInto });
      const held = await repo.identifiers.find({ tenantId, personId }).lean<IdentifierDoc[]>();
      const byKey = new Map(held.map((d) => [refKey(d as IdentifierRef), d]));
      const wanted = [...new Set(refs.map(refKey))];
      const missing = wanted.filter((k) => !byKey.has(k));
      if (missing.length) throw identityError('IDENTITY_ERR_SPLIT_INVALID', [`person ${personId} has no identifier ${missing.join(', ')}`], { missing });
      if (wanted.length >= held.length) throw identityError('IDENTITY_ERR_SPLIT_INVALID', ['it would leave the person without identifiers; keep at least one'], { identifierCount: held.length });
      const moved = wanted.map((k) => byKey.get(k)!);
      const kept = held.filter((d) => !wanted.includes(refKey(d as IdentifierRef)));
      const movesUser = moved.some((d) => d.kind === 'user_id');

      const newPersonId = newId('prs_');
      await locks.acquire(personLockKey(tenantId, newPersonId));
      await repo.persons.create({ _id: newPersonId, tenantId, ...aggregates(moved), traits: movesUser ? person.traits ?? {} : {}, mergedInto: null });
      const splitAt = new Date();
      for (const d of moved) await repo.byId(repo.identifiers, d._id, { $set: { personId: newPersonId, splitAt, splitFrom: personId } });
      await repo.byId(repo.persons, personId, { $set: { ...aggregates(kept), ...(movesUser ? { traits: {} } : {}) } });
      const identifiers = keysOf(moved);
      await repo.record(tenantId, { action: 'split', fromPersonId: personId, intoPersonId: newPersonId, identifiers, cause: 'operator', actor });
      const reattributed = await repo.reattribute(tenantId, moved, newPersonId);
      return { personId, newPersonId, identifiers, reattributed };
    } finally {
      await locks.releaseAll();
    }
  });
}
